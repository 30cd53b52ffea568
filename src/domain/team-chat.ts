import { z } from 'zod';
import { clockTimeSchema, endTimeSchema } from './send-window.js';

/**
 * The team's chat side of `journeys/team.yaml`: where each owner hears about their leads (robots
 * per team or per owner, e-mail), who they are in each chat service (for @-mentions), their quiet
 * hours and their daily digest. Secrets never appear here: a destination names the environment
 * variable that holds its key, so the file can be committed and reviewed.
 */

/** The chat services leadflow talks to, and e-mail, which is the fallback and the default. */
export const SERVICES = { wecom: 'wecom', dingtalk: 'dingtalk', feishu: 'feishu', slack: 'slack', email: 'email' } as const;
export type Service = (typeof SERVICES)[keyof typeof SERVICES];

/** The destination an owner always has when they have an address: e-mail to themselves. */
export const OWNER_EMAIL = 'email';

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** A variable's name, never its value: the most common mistake is pasting the key itself. */
const envNameSchema = z
  .string()
  .regex(ENV_NAME, 'must name an environment variable such as WECOM_SALES_KEY (write the key in the environment, never in this file)');

/** A destination's name, as owners refer to it in `notify:`. */
export const destinationNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower case letters, digits, - or _');

/** Words a robot's keyword security setting may demand in every message (DingTalk, Feishu). */
const keywordSchema = z.string().min(1).max(40).optional();

export const destinationSchema = z.discriminatedUnion('service', [
  /** 企业微信 group robot: the `key=` of its webhook address (or the whole address). */
  z.strictObject({ service: z.literal(SERVICES.wecom), key: envNameSchema }),
  /** 钉钉 custom robot: its webhook's access_token (or the whole address), and the SEC… signing secret when 加签 is on. */
  z.strictObject({ service: z.literal(SERVICES.dingtalk), accessToken: envNameSchema, secret: envNameSchema.optional(), keyword: keywordSchema }),
  /** 飞书 / Lark custom bot: its webhook address, and the signing secret when 签名校验 is on. */
  z.strictObject({ service: z.literal(SERVICES.feishu), webhook: envNameSchema, secret: envNameSchema.optional(), keyword: keywordSchema }),
  /** Slack incoming webhook: its https://hooks.slack.com/services/… address. */
  z.strictObject({ service: z.literal(SERVICES.slack), webhook: envNameSchema }),
  /** A shared inbox (a team lead, a sales-ops list). */
  z.strictObject({ service: z.literal(SERVICES.email), to: z.email('must be an e-mail address') }),
]);
export type Destination = z.infer<typeof destinationSchema>;

const mobileSchema = z.string().regex(/^\+?\d{5,20}$/, 'must be a mobile number, digits only (an optional leading +)');
const chatIdSchema = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be the member’s id as the service shows it');

/** Who an owner is in each chat service: what a mention needs. */
export const chatIdentitySchema = z.strictObject({
  /** 企业微信: the member's userid (账号), or the mobile number (mentions by mobile need the text message type). */
  wecom: z
    .strictObject({ userid: chatIdSchema.optional(), mobile: mobileSchema.optional() })
    .refine((w) => w.userid || w.mobile, 'needs a userid or a mobile')
    .optional(),
  /** 钉钉: the member's userId, or the mobile number bound to their account. */
  dingtalk: z
    .strictObject({ userid: chatIdSchema.optional(), mobile: mobileSchema.optional() })
    .refine((d) => d.userid || d.mobile, 'needs a userid or a mobile')
    .optional(),
  /** 飞书: the member's open_id (`ou_…`); custom bots cannot mention by e-mail or mobile. */
  feishu: z.strictObject({ openId: z.string().regex(/^ou_[A-Za-z0-9]{4,64}$/, 'must be an open_id such as ou_7d8a6e…') }).optional(),
  /** Slack: the member id (`U…` or `W…`), from the profile's ⋮ → Copy member ID. */
  slack: z.strictObject({ memberId: z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a member id such as U024BE7LH') }).optional(),
});
export type ChatIdentity = z.infer<typeof chatIdentitySchema>;

/**
 * Hours on the person's clock when only urgent alerts go out; the rest waits for `end`. With
 * `daysOff` (the default) their weekends and public holidays are quiet all day too.
 */
export const quietHoursSchema = z.strictObject({ start: clockTimeSchema, end: endTimeSchema, daysOff: z.boolean().optional() });
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** The daily digest: at `time` on each of the owner's working days; `false` for none. */
export const digestSettingSchema = z.union([z.literal(false), z.strictObject({ time: clockTimeSchema.optional() })]);

/** What an owner (or the team's defaults) says about being notified. */
export const notifySettingsSchema = z.strictObject({
  /** The language of their messages: zh-CN or en (default: zh-CN for owners in China, else en). */
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as zh-CN or en').optional(),
  /** Destinations by name, and `email` for the owner's own address. */
  notify: z.array(destinationNameSchema).max(10).optional(),
  quietHours: z.union([z.literal(false), quietHoursSchema]).optional(),
  digest: digestSettingSchema.optional(),
});

/** An owner's contact details on top of their work place. */
export const ownerContactSchema = notifySettingsSchema.extend({
  email: z.email('must be an e-mail address').optional(),
  ...chatIdentitySchema.shape,
});

/** `{id}` in the address stands for the CRM record's id. */
export const crmRecordUrlsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]*$/),
  z.string().regex(/^https?:\/\/\S*\{id\}\S*$/, 'must be an http(s) address with {id} where the record id goes'),
);

export const DEFAULT_QUIET_HOURS: Required<QuietHours> = { start: '21:00', end: '08:00', daysOff: true };
export const DEFAULT_DIGEST_TIME = '09:00';

/** Every destination an owner or the defaults name must exist (or be `email`). */
export function checkDestinationRefs(
  team: { destinations: Record<string, unknown>; defaults: { notify?: string[] }; owners: Record<string, { notify?: string[] }> },
  ctx: z.RefinementCtx,
): void {
  const check = (names: string[] | undefined, path: (string | number)[]) =>
    names?.forEach((name, i) => {
      if (name !== OWNER_EMAIL && !Object.hasOwn(team.destinations, name)) {
        ctx.addIssue({ code: 'custom', path: [...path, i], message: `no destination "${name}" under destinations (or write "${OWNER_EMAIL}" for the owner's own address)` });
      }
    });
  check(team.defaults.notify, ['defaults', 'notify']);
  for (const [id, owner] of Object.entries(team.owners)) check(owner.notify, ['owners', id, 'notify']);
  if (Object.hasOwn(team.destinations, OWNER_EMAIL)) ctx.addIssue({ code: 'custom', path: ['destinations', OWNER_EMAIL], message: `"${OWNER_EMAIL}" is the owner's own address; give this destination another name` });
}
