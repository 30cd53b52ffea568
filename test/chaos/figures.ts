import type { ChaosProxy } from '../fakes/chaos-proxy.js';
import type { ChaosProfile, ScheduledChange } from './scenario.js';

/** Per CRM: stage writes that landed, those that changed nothing, and answers lost after a write landed. */
export interface CrmWriteFigures {
  stageWrites: number;
  redundant: number;
  lostStageWrites: number;
  lostCreates: number;
  faults: ChaosProxy['stats']['faults'];
}

export interface ChaosFigures {
  profile: ChaosProfile;
  seed: number;
  bursts: number;
  restartAtS: number;
  settledAfterS: number;
  /** When every record was on its journey's stage (notes and tasks may still have been landing). */
  stagesAfterS: number;
  leads: number;
  leadsInAgreement: number;
  recordsInAgreement: number;
  /** Leads whose records disagree with the journey, each with an error on the lead saying why. */
  explained: { lead: string; errors: string[] }[];
  /** Leads whose records disagree, with nothing on the lead to say why: must be none. */
  unexplained: { lead: string; journey: string; crms: Record<string, string | undefined>; history: unknown[]; ignored: unknown[]; records: unknown[] }[];
  pendingWrites: number;
  errorsShown: { lead: string; message: string }[];
  journeyChanges: number;
  changesBySource: Record<string, number>;
  crms: Record<string, CrmWriteFigures>;
  /** On every linked record, against the e-mails and tasks of its journey: `extra` are doubles, `missing` never landed. */
  notes: { written: number; expected: number; extra: number; missing: number; where: string[] };
  tasks: { written: number; expected: number; extra: number; missing: number; where: string[] };
  writesAfterSettling: number;
  fxiaokeFlowsFired: number;
  tokens: { fxiaoke: number; zoho: number };
  workflowTaskFailures: string[];
  reconcileAfter: Record<string, string>;
}

export const totalStageWrites = (f: ChaosFigures) => Object.values(f.crms).reduce((n, c) => n + c.stageWrites, 0);
export const duplicateCreates = (f: ChaosFigures) => f.notes.extra + f.tasks.extra;
export const lostCreates = (f: ChaosFigures) => Object.values(f.crms).reduce((n, c) => n + c.lostCreates, 0);

const faultLine = (c: CrmWriteFigures) => {
  const f = c.faults;
  return `${f['rate-limit'] + f['server-error'] + f['vendor-error'] + f.slow + f.lost} (429/30004 ${f['rate-limit']}, 5xx ${f['server-error']}, vendor busy ${f['vendor-error']}, slow ${f.slow}, lost answers ${f.lost})`;
};

const off = (f: ChaosFigures) => {
  const where = [...f.notes.where, ...f.tasks.where];
  return where.length ? ` (${where.slice(0, 4).join('; ')})` : '';
};

/** The figures, as the README quotes them. */
export function formatFigures(f: ChaosFigures): string {
  const p = f.profile;
  const writes = totalStageWrites(f);
  const crmRows = Object.entries(f.crms).map(([name, c]) => `    ${name.padEnd(8)} faults ${faultLine(c)}; stage writes ${c.stageWrites}, redundant ${c.redundant}, lost answers on stage writes ${c.lostStageWrites}`);
  return [
    `CRM chaos run: seed ${f.seed}, profile ${p.name}: ${f.leads} leads, each linked to a HubSpot deal, a Fxiaoke opportunity and a Zoho deal`,
    `  ${p.changes} stage changes in ${p.seconds} s (${f.bursts} in bursts of 2–3 within 300 ms) from the API and the three CRMs: ${Object.entries(f.changesBySource).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `  ${Math.round(p.faultRate * 100)} % of CRM calls failing until ${p.seconds} s; worker restarted at ${f.restartAtS} s`,
    ...crmRows,
    `  settled after healing   stages ${f.stagesAfterS} s, notes and tasks ${f.settledAfterS} s (bounded wait ${p.settleSeconds} s)`,
    `  leads in agreement      ${f.leadsInAgreement}/${f.leads} (${f.recordsInAgreement}/${f.leads * 3} records on their journey's stage); ${f.explained.length} more with an error saying why; ${f.unexplained.length} without one`,
    `  journey stage changes   ${f.journeyChanges}; stage writes ${writes} (${(writes / Math.max(1, f.journeyChanges)).toFixed(2)} per change, of 3 linked records); pending writes ${f.pendingWrites}`,
    `  notes and tasks         ${f.notes.written} notes for ${f.notes.expected} e-mails, ${f.tasks.written} tasks for ${f.tasks.expected}; duplicates ${duplicateCreates(f)} (answers lost after a create landed: ${lostCreates(f)}), missing ${f.notes.missing + f.tasks.missing}${off(f)}`,
    `  errors shown            ${f.errorsShown.length}${f.errorsShown.length ? `: ${[...new Set(f.errorsShown.map((e) => e.message))].slice(0, 5).join(' | ')}` : ''}`,
    `  echo loop               ${f.writesAfterSettling === 0 ? 'none' : f.writesAfterSettling}: writes in the 5 s after settling`,
    `  Fxiaoke flows fired ${f.fxiaokeFlowsFired}; tokens issued: Fxiaoke ${f.tokens.fxiaoke}, Zoho ${f.tokens.zoho}; workflow task failures ${f.workflowTaskFailures.length}${f.workflowTaskFailures.length ? ` (${f.workflowTaskFailures.slice(0, 3).join('; ')})` : ''}`,
    `  reconciliation after    ${Object.entries(f.reconcileAfter).map(([n, r]) => `${n}: ${r}`).join('; ')}`,
  ].join('\n');
}

/** How many of the changes came in bursts. */
export const burstCount = (schedule: ScheduledChange[]) => schedule.filter((c) => c.burst).length;
