import type { Service } from '../domain/team-chat.js';
import type { TeamMessage } from './message.js';

/** At most `max` messages in any `windowMs`: a vendor's documented limit for one robot. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

export interface SendOptions {
  /** The message's idempotency key, for services that can use one (e-mail's Message-ID). */
  key: string;
  /** Aborts the call when the activity is cancelled. */
  signal?: AbortSignal;
}

/**
 * One chat service (or e-mail) behind one interface. A notifier renders a {@link TeamMessage} in
 * its service's markup, shortens it to the service's byte limits, signs it where the service asks,
 * and says what a failure means through the errors below; the per-destination queue does the rest.
 */
export interface Notifier {
  readonly service: Service;
  /** The limits the destination's queue keeps to, so the vendor never has to refuse a message. */
  readonly limits: RateWindow[];
  send(message: TeamMessage, opts: SendOptions): Promise<void>;
}

/** A chat service could not take the message now; worth another try. */
export class NotifyError extends Error {
  override name = 'NotifyError';
  constructor(
    message: string,
    readonly retryable = true,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Over the vendor's limit (WeCom 45009, DingTalk 130101, Feishu 11232, Slack 429): the whole destination waits. */
export class NotifyRateLimitError extends NotifyError {
  override name = 'NotifyRateLimitError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message, true);
  }
}

/**
 * The destination refuses this message for good: a wrong key or signing secret, a missing
 * keyword, an archived channel. Retrying changes nothing; the message falls back to e-mail.
 */
export class NotifyRejectedError extends NotifyError {
  override name = 'NotifyRejectedError';
  constructor(
    message: string,
    readonly code?: string | number,
  ) {
    super(message, false);
  }
}
