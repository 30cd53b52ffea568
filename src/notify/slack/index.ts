import { SERVICES } from '../../domain/team-chat.js';
import type { TeamMessage } from '../message.js';
import { NotifyError, NotifyRateLimitError, NotifyRejectedError, type Notifier, type RateWindow, type SendOptions } from '../notifier.js';
import { postJson, retryAfterMs } from '../shared/post-json.js';
import { slackPayload } from './payload.js';

/** About one message a second per webhook; short bursts pass, sustained ones get 429. */
export const SLACK_LIMITS: RateWindow[] = [{ max: 1, windowMs: 1_000 }];

const ADVICE: Record<string, string> = {
  invalid_token: 'the webhook was revoked: create a new one and update the variable',
  no_service: 'the webhook was removed or its app uninstalled',
  channel_not_found: 'the channel is gone: create a new webhook for another channel',
  channel_is_archived: 'the channel is archived: unarchive it or create a new webhook',
  action_prohibited: 'a workspace admin restricted posting to this channel',
  posting_to_general_channel_denied: 'only admins may post to #general',
};

/** A Slack incoming webhook: Block Kit, 429 with Retry-After honoured. */
export function slackNotifier(opts: { webhook: string }): Notifier {
  return {
    service: SERVICES.slack,
    limits: SLACK_LIMITS,
    async send(message: TeamMessage, { signal }: SendOptions): Promise<void> {
      const res = await postJson(opts.webhook.trim(), slackPayload(message), { signal });
      if (res.status === 200) return;
      const error = res.text.trim().slice(0, 100);
      if (res.status === 429) throw new NotifyRateLimitError(`slack: 429 ${error}`, retryAfterMs(res.headers['retry-after']) ?? 1_000);
      if (res.status >= 500) throw new NotifyError(`slack: HTTP ${res.status} ${error}`, true);
      throw new NotifyRejectedError(`slack: ${res.status} ${error}${ADVICE[error] ? `: ${ADVICE[error]}` : ''}`, error);
    },
  };
}
