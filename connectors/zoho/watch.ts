import { CrmError, CrmRecordError } from '../errors.js';
import { unexpected, type ZohoCall } from './client.js';
import { NOTIFY_SECRET_PARAM } from './inbound.js';
import { fieldsResponseSchema, modulesResponseSchema, watchResponseSchema } from './responses.js';
import { parseDateTime, toZohoDateTime } from './zoho-time.js';

/** A Notification API channel, as leadflow asks for it. */
export interface WatchChannel {
  /** Digits (Zoho's `channel_id` is a long); sent back in every callback. */
  channelId: string;
  /** Where Zoho POSTs; its query parameters are echoed back in `query_params`. */
  notifyUrl: string;
  /** Echoed back in every callback; defaults to ZOHO_WEBHOOK_TOKEN, which is what verify() checks. */
  token?: string;
  /** When the channel should end; at most (and by default) a week from now. */
  expiry?: string | Date;
}

/** What Zoho granted: it answers with the channel's real end, which a renewal schedule must use. */
export interface WatchResult {
  channelId: string;
  /** As Zoho wrote it (org offset), e.g. `2023-08-02T16:59:50-11:00`. */
  channelExpiry: string;
}

/**
 * v4+ keeps a channel at most a week and, asked for more, silently grants ONE HOUR instead.
 * Asking for a little less than a week keeps clock skew between us and Zoho from tripping that.
 */
export const MAX_CHANNEL_MS = 7 * 24 * 60 * 60_000 - 10 * 60_000;

/** The module id and the Stage field id: Zoho's `notification_condition` wants both with the api_names. */
export async function stageFieldIds(call: ZohoCall, module: string): Promise<{ moduleId: string; stageFieldId: string }> {
  const modules = await call('GET', `/settings/modules/${encodeURIComponent(module)}`);
  const m = modulesResponseSchema.safeParse(modules.json);
  if (modules.status !== 200 || !m.success) throw unexpected(modules, `Zoho module metadata ${module}`);
  const fields = await call('GET', '/settings/fields', { query: { module } });
  const f = fieldsResponseSchema.safeParse(fields.json);
  if (fields.status !== 200 || !f.success) throw unexpected(fields, `Zoho field metadata ${module}`);
  const stage = f.data.fields.find((x) => x.api_name === 'Stage');
  if (!stage?.id) throw new CrmError(`Zoho ${module} has no Stage field to watch`, false);
  return { moduleId: m.data.modules[0]!.id, stageFieldId: stage.id };
}

function notifyUrlWithSecret(notifyUrl: string, secret: string | undefined): string {
  if (!secret) return notifyUrl;
  const url = new URL(notifyUrl);
  url.searchParams.set(NOTIFY_SECRET_PARAM, secret);
  return url.toString();
}

export interface WatchContext {
  call: ZohoCall;
  module: string;
  token: string;
  secret: string | undefined;
  now: () => number;
  ids: () => Promise<{ moduleId: string; stageFieldId: string }>;
}

/**
 * Subscribes (`POST`) or renews (`PUT`, which replaces the whole channel) the module's
 * create and edit events, narrowed to changes of Stage. Related-record actions (a note added)
 * are off: they would notify without a stage change.
 */
export async function watchChannel(ctx: WatchContext, channel: WatchChannel, method: 'POST' | 'PUT'): Promise<WatchResult> {
  if (!/^\d{1,19}$/.test(channel.channelId)) throw new CrmError(`Zoho channel_id must be digits (a long): ${channel.channelId}`, false);
  const token = channel.token ?? ctx.token;
  if (token.length > 50) throw new CrmError('Zoho channel token: at most 50 characters', false);
  const latest = ctx.now() + MAX_CHANNEL_MS;
  const asked = channel.expiry === undefined ? latest : channel.expiry instanceof Date ? channel.expiry.getTime() : parseDateTime(channel.expiry, 'channel expiry');
  const { moduleId, stageFieldId } = await ctx.ids();
  const body = {
    watch: [
      {
        channel_id: channel.channelId,
        events: [`${ctx.module}.edit`, `${ctx.module}.create`],
        channel_expiry: toZohoDateTime(Math.min(asked, latest)),
        token,
        return_affected_field_values: true,
        notify_on_related_action: false,
        notify_url: notifyUrlWithSecret(channel.notifyUrl, ctx.secret),
        notification_condition: [
          {
            type: 'field_selection',
            module: { api_name: ctx.module, id: moduleId },
            field_selection: { group_operator: 'or', group: [{ field: { api_name: 'Stage', id: stageFieldId } }] },
          },
        ],
      },
    ],
  };
  const what = `Zoho ${method} actions/watch channel ${channel.channelId}`;
  const res = await ctx.call(method, '/actions/watch', { body });
  const parsed = watchResponseSchema.safeParse(res.json);
  if (!parsed.success) throw unexpected(res, what);
  const result = parsed.data.watch[0]!;
  if (result.status !== 'success') throw new CrmRecordError(`${what}: ${result.code}${result.message ? `: ${result.message}` : ''}`, result.code, result.details);
  const expiry = result.details?.events?.[0]?.channel_expiry;
  if (!expiry) throw unexpected(res, `${what}: no channel_expiry in the answer`);
  return { channelId: channel.channelId, channelExpiry: expiry };
}
