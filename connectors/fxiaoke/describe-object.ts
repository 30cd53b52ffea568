import { z } from 'zod';
import type { Stage } from '../../src/domain/stages.js';
import type { StageMap } from '../shared/stage-map.js';
import type { FxiaokeClient } from './api-client.js';
import type { FxiaokeConfig } from './config.js';

const optionSchema = z.looseObject({ value: z.union([z.string(), z.number()]).transform(String), label: z.string().optional() });
const fieldSchema = z.looseObject({ api_name: z.string().optional(), label: z.string().optional(), type: z.string().optional(), options: z.array(optionSchema).optional() });
type Field = z.infer<typeof fieldSchema>;
const fieldsSchema = z.union([z.record(z.string(), fieldSchema), z.array(fieldSchema)]);

/** `data` is untyped in every SDK we found; fields are read from `data.describe.fields` or `data.fields`, map or list. */
const describeAnswerSchema = z.looseObject({
  data: z.looseObject({
    describe: z.looseObject({ display_name: z.string().optional(), fields: fieldsSchema.optional() }).optional(),
    fields: fieldsSchema.optional(),
  }),
});

export const DESCRIBE_PATH = '/cgi/crm/v2/object/describe';

// Only a hint for whoever writes the stage map: suggestions are printed commented out, never applied.
const LABEL_HINTS: Array<[RegExp, Stage]> = [
  [/赢单|成交|签约|\bwon\b/i, 'won'],
  [/输单|丢单|失败|无效|\blost\b/i, 'lost'],
  [/谈判|商务|negotiat/i, 'negotiating'],
  [/报价|方案|quot|proposal/i, 'quoted'],
  [/需求|确认|确定|qualif/i, 'qualified'],
  [/接洽|验证|初步|contact/i, 'contacted'],
  [/线索|\blead\b/i, 'lead'],
];

function suggest(label: string | undefined): Stage | undefined {
  return label ? LABEL_HINTS.find(([re]) => re.test(label))?.[1] : undefined;
}

/**
 * `leadflow connectors check` for Fxiaoke: describes the object (which also proves the
 * credentials and FXIAOKE_USER_ID work) and lists the stage field's option values with their
 * labels and current mapping, plus a ready-to-edit `inbound:` block for
 * journeys/connectors/fxiaoke.yaml. Option values are tenant-specific; labels are not values.
 */
export async function describeObject(client: FxiaokeClient, config: FxiaokeConfig, stages: StageMap): Promise<Record<string, unknown>> {
  // apiName sits at the top of the body, next to the auth fields (FxiaokeSDK.NET CrmObjectDescribeV2Request).
  const answer = await client.call(DESCRIBE_PATH, { apiName: config.object }, describeAnswerSchema);
  const raw = answer.data.describe?.fields ?? answer.data.fields ?? {};
  const fields: Array<[string, Field]> = Array.isArray(raw) ? raw.map((f, i) => [f.api_name ?? `#${i}`, f]) : Object.entries(raw);
  const stageField = fields.find(([name]) => name === config.stageField)?.[1];
  const options = (stageField?.options ?? []).map((o) => ({ value: o.value, label: o.label, mapsTo: stages.toFunnel(o.value) ?? null }));

  const yaml = ['inbound:'];
  for (const o of options) {
    const comment = `# ${o.label ?? ''}`.trimEnd();
    if (o.mapsTo) yaml.push(`  ${JSON.stringify(o.value)}: ${o.mapsTo}   ${comment}`);
    else yaml.push(`  # ${JSON.stringify(o.value)}: ${suggest(o.label) ?? '<stage>'}   ${comment}${suggest(o.label) ? ' (suggested from the label: check, then uncomment)' : ''}`);
  }

  const problems: string[] = [];
  if (!stageField) problems.push(`${config.object} has no field ${config.stageField}: set FXIAOKE_STAGE_FIELD to one of the fields listed`);
  else if (options.length === 0) problems.push(`${config.object}.${config.stageField} has no options: is it a single-select field?`);
  const unmapped = options.filter((o) => !o.mapsTo).map((o) => o.value);
  if (unmapped.length) problems.push(`stage values without a funnel stage (changes to them are rejected): ${unmapped.join(', ')}`);

  return {
    connector: 'fxiaoke',
    baseUrl: config.baseUrl,
    object: config.object,
    objectLabel: answer.data.describe?.display_name,
    stageField: config.stageField,
    stageFieldLabel: stageField?.label,
    stageOptions: options,
    stageMapYaml: yaml.join('\n'),
    outbound: stages.config.outbound,
    push: config.webhookSecrets.length ? `on (${config.webhookSecrets.length} secret(s))` : 'off: set FXIAOKE_WEBHOOK_SECRET to accept signed pushes',
    fields: fields.map(([name]) => name),
    problems,
  };
}
