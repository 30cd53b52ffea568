import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { leadflowMetrics } from './registry.js';

describe('the Grafana dashboard in docs/', () => {
  it('charts only series leadflow exports, and every metric leadflow exports', async () => {
    const dash = JSON.parse(await readFile(new URL('../../docs/grafana-leadflow.json', import.meta.url), 'utf8'));
    const exprs: string[] = dash.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
    const used = new Set(exprs.flatMap((e) => e.match(/leadflow_[a-z_]+/g) ?? []).map((m) => m.replace(/_(bucket|count|sum)$/, '')));
    const exported = new Set((await leadflowMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    for (const name of used) expect(exported, name).toContain(name);
    for (const name of [...exported].filter((n) => !n.startsWith('leadflow_process_'))) expect(used, name).toContain(name);
  });
});
