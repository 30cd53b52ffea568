import type { StageMap } from '../shared/stage-map.js';
import { unexpected, type ZohoCall } from './client.js';
import { fieldsResponseSchema, layoutsResponseSchema, pipelinesResponseSchema } from './responses.js';

export interface ZohoCheck extends Record<string, unknown> {
  apiDomain: string;
  module: string;
  /** Pipelines of every Deals layout, each with its stages' API values in order. */
  pipelines: { name: string; layout: string; default: boolean; stages: string[] }[];
  /** The Stage field's pick list: every value a deal can hold, whatever the pipeline. */
  stages: string[];
  /** Stage values Zoho has that the stage map does not know: their changes would be ignored. */
  unmappedStages: string[];
  fields: string[];
}

async function pipelines(call: ZohoCall): Promise<ZohoCheck['pipelines']> {
  const layoutsRes = await call('GET', '/settings/layouts', { query: { module: 'Deals' } });
  const layouts = layoutsResponseSchema.safeParse(layoutsRes.json);
  if (layoutsRes.status !== 200 || !layouts.success) throw unexpected(layoutsRes, 'Zoho layouts of Deals');
  const out: ZohoCheck['pipelines'] = [];
  for (const layout of layouts.data.layouts) {
    const res = await call('GET', '/settings/pipeline', { query: { layout_id: layout.id } });
    if (res.status === 204) continue; // no pipeline in this layout
    const parsed = pipelinesResponseSchema.safeParse(res.json);
    if (res.status !== 200 || !parsed.success) throw unexpected(res, `Zoho pipelines of layout ${layout.id}`);
    for (const p of parsed.data.pipeline) {
      const stages = [...p.maps].sort((a, b) => (a.sequence_number ?? 0) - (b.sequence_number ?? 0)).map((m) => m.actual_value);
      out.push({ name: p.actual_value ?? p.display_value, layout: layout.name ?? layout.id, default: p.default ?? false, stages });
    }
  }
  return out;
}

/**
 * What the credentials can see: the fields of the module, its stage values and, for Deals,
 * the pipelines. Stage values missing from the stage map are listed so an operator can add them.
 */
export async function checkConnection(call: ZohoCall, module: string, apiDomain: string, stages: StageMap): Promise<ZohoCheck> {
  const res = await call('GET', '/settings/fields', { query: { module } });
  const parsed = fieldsResponseSchema.safeParse(res.json);
  if (res.status !== 200 || !parsed.success) throw unexpected(res, `Zoho field metadata ${module}`);
  const stageValues = parsed.data.fields.find((f) => f.api_name === 'Stage')?.pick_list_values?.map((v) => v.actual_value) ?? [];
  const found = module === 'Deals' ? await pipelines(call) : [];
  const all = new Set([...stageValues, ...found.flatMap((p) => p.stages)]);
  return {
    apiDomain,
    module,
    pipelines: found,
    stages: stageValues,
    unmappedStages: [...all].filter((s) => stages.toFunnel(s) === undefined),
    fields: parsed.data.fields.map((f) => f.api_name),
  };
}
