import type { Trouble } from './find-trouble.js';

/** The doctor's findings as a person reads them: each workflow, what is wrong, and what to do. */
export function formatTroubles(result: { checked: number; troubles: Trouble[] }, since: Date): string {
  const lines: string[] = [];
  for (const t of result.troubles) {
    const what = `${t.workflowId} (${t.type}${t.stage ? `, stage ${t.stage}` : ''})`;
    if (t.failingTask) {
      lines.push(`✗ ${what}: its workflow task fails (attempt ${t.failingTask.attempt}): ${t.failingTask.message}`, `    → ${t.failingTask.advice.replace('<id>', t.workflowId)}`);
      continue;
    }
    if (t.silent) lines.push(`✗ ${what}: does not answer: ${t.silent.message}`, `    → ${t.silent.advice}`);
    if (t.errors.length) {
      lines.push(`✗ ${what}: ${t.errors.length} error(s) since ${since.toISOString()}`);
      const advice = new Set<string>();
      for (const e of t.errors) {
        lines.push(`    ${e.at}  ${e.message}`);
        advice.add(e.advice);
      }
      for (const a of advice) lines.push(`    → ${a}`);
    }
    if (t.crm) {
      lines.push(`✗ ${what}: ${t.crm.length} CRM record(s) not on the journey's stage`);
      for (const r of t.crm) lines.push(`    ${r.record}: ${r.status}: ${r.reason}`, `    → ${r.advice}`);
    }
  }
  const n = result.troubles.length;
  lines.push(n ? `${n} of ${result.checked} workflow(s) need attention` : `✓ ${result.checked} workflow(s) checked: none has a failing task or errors since ${since.toISOString()}`);
  return lines.join('\n');
}
