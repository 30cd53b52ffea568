import { SERVICES, type Service } from '../domain/team-chat.js';
import type { Mailer } from '../mail/mailer.js';
import { DINGTALK_LIMITS, dingtalkNotifier } from './dingtalk/index.js';
import { EMAIL_LIMITS, emailNotifier } from './email/index.js';
import { FEISHU_LIMITS, feishuNotifier } from './feishu/index.js';
import type { Notifier, RateWindow } from './notifier.js';
import { SLACK_LIMITS, slackNotifier } from './slack/index.js';
import { WECOM_LIMITS, wecomNotifier } from './wecom/index.js';

/** A destination with its secrets read from the environment: what a notifier is built from. */
export type ResolvedDestination =
  | { service: typeof SERVICES.wecom; key: string }
  | { service: typeof SERVICES.dingtalk; accessToken: string; secret?: string }
  | { service: typeof SERVICES.feishu; webhook: string; secret?: string }
  | { service: typeof SERVICES.slack; webhook: string }
  | { service: typeof SERVICES.email; to: string };

/** Each service's limits, for the queue of a destination before any secret is read. */
export const SERVICE_LIMITS: Readonly<Record<Service, RateWindow[]>> = {
  wecom: WECOM_LIMITS,
  dingtalk: DINGTALK_LIMITS,
  feishu: FEISHU_LIMITS,
  slack: SLACK_LIMITS,
  email: EMAIL_LIMITS,
};

export interface NotifierDeps {
  /** For e-mail destinations and the fallback; without it, e-mail cannot be sent. */
  mailer?: Mailer;
  mailFrom?: string;
  /** The signing clock of DingTalk and Feishu (tests pass one; production the real clock). */
  now?: () => number;
}

/** The notifier of a destination; vendor specifics stay in the vendor's folder. */
export function createNotifier(dest: ResolvedDestination, deps: NotifierDeps): Notifier {
  switch (dest.service) {
    case SERVICES.wecom:
      return wecomNotifier({ key: dest.key });
    case SERVICES.dingtalk:
      return dingtalkNotifier({ accessToken: dest.accessToken, secret: dest.secret, now: deps.now });
    case SERVICES.feishu:
      return feishuNotifier({ webhook: dest.webhook, secret: dest.secret, now: deps.now });
    case SERVICES.slack:
      return slackNotifier({ webhook: dest.webhook });
    case SERVICES.email:
      if (!deps.mailer || !deps.mailFrom) throw new Error('e-mail destinations need a mailer');
      return emailNotifier({ mailer: deps.mailer, mailFrom: deps.mailFrom, to: dest.to });
  }
}
