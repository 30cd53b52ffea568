import { z } from 'zod';
import type { StageMap } from '../shared/stage-map.js';

/** A stage of `GET /crm/v3/pipelines/deals`; `metadata` is a string map (`probability`, `isClosed`). */
export const pipelineStageSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number(),
  archived: z.boolean().optional(),
  metadata: z.record(z.string(), z.string()).default({}),
});
export type HubspotPipelineStage = z.infer<typeof pipelineStageSchema>;

export const pipelineSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number(),
  archived: z.boolean().optional(),
  stages: z.array(pipelineStageSchema),
});
export type HubspotPipeline = z.infer<typeof pipelineSchema>;

export const pipelinesResponseSchema = z.looseObject({ results: z.array(pipelineSchema) });

/**
 * What `leadflow connectors check` shows: every deal pipeline with its stages in board order, and
 * how the configured pipeline's stages meet the stage map, so a wrong id is seen before it fails.
 */
export function pipelinesReport(pipelines: HubspotPipeline[], configured: string, stages: StageMap): Record<string, unknown> {
  const sorted = [...pipelines].sort((a, b) => a.displayOrder - b.displayOrder);
  const mine = sorted.find((p) => p.id === configured);
  const ids = new Set(mine?.stages.map((s) => s.id) ?? []);
  return {
    pipeline: configured,
    pipelineFound: Boolean(mine),
    pipelines: sorted.map((p) => ({
      id: p.id,
      label: p.label,
      displayOrder: p.displayOrder,
      stages: [...p.stages]
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((s) => ({ id: s.id, label: s.label, displayOrder: s.displayOrder, metadata: s.metadata, funnelStage: stages.toFunnel(s.id) ?? null })),
    })),
    /** Stages of the configured pipeline that the map does not know: their changes are ignored. */
    unmappedStages: mine ? mine.stages.filter((s) => !stages.toFunnel(s.id)).map((s) => s.id) : [],
    /** Map entries that are not stages of the configured pipeline: writing them fails. */
    unknownMappedStages: Object.keys(stages.config.inbound).filter((id) => !ids.has(id)),
  };
}
