import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, decideStageWrite, ECHO_TOLERANCE_MS, LANDING_WINDOW_MS, leadflowWriteSeen, settleWrites, type LeadflowWrite } from './crm-writes.js';
import type { Stage } from './stages.js';

const T = Date.parse('2026-03-02T09:00:00Z');
const at = (ms: number) => new Date(T + ms).toISOString();
const FXIAOKE: Record<string, Stage> = { '2': 'qualified', '3': 'quoted', '4': 'negotiating', '5': 'won' };
const toFunnel = (v: string) => FXIAOKE[v];

describe('leadflowWriteSeen: is this sight of a record one of leadflow’s own writes?', () => {
  const four: LeadflowWrite = { stage: 'negotiating', crmStage: '4', at: T, landedAt: at(120), settled: true };
  const three: LeadflowWrite = { stage: 'quoted', crmStage: '3', at: T + 5000, landedAt: at(5100), settled: true };

  it('matches a landed write by its value and the time it landed, and nothing a second later', () => {
    expect(leadflowWriteSeen([four], { crmStage: '4', at: T + 120 })).toBe(four);
    expect(leadflowWriteSeen([four], { crmStage: '4', at: T + 120 + ECHO_TOLERANCE_MS - 1 })).toBe(four);
    expect(leadflowWriteSeen([four], { crmStage: '4', at: T + 120 + ECHO_TOLERANCE_MS })).toBeUndefined();
    expect(leadflowWriteSeen([four], { crmStage: '3', at: T + 120 })).toBeUndefined();
  });

  it('recognises the late echo of an older write, but not a person setting that value again later', () => {
    expect(leadflowWriteSeen([four, three], { crmStage: '4', at: T + 120 })).toBe(four);
    expect(leadflowWriteSeen([four, three], { crmStage: '4', at: T + 9000 })).toBeUndefined();
  });

  it('matches a write whose answer was lost inside its landing window only, and a settled one never', () => {
    const lost: LeadflowWrite = { stage: 'won', crmStage: '5', at: T };
    expect(leadflowWriteSeen([lost], { crmStage: '5', at: T + 30_000 })).toBe(lost);
    expect(leadflowWriteSeen([lost], { crmStage: '5', at: T - CLOCK_SKEW_MS - 1 })).toBeUndefined();
    expect(leadflowWriteSeen([lost], { crmStage: '5', at: T + LANDING_WINDOW_MS + CLOCK_SKEW_MS + 1 })).toBeUndefined();
    expect(leadflowWriteSeen([{ ...lost, settled: true }], { crmStage: '5', at: T + 30_000 })).toBeUndefined();
  });

  it('goes by funnel stage before the CRM has said which value it wrote, and by the latest write when a sight has no time', () => {
    const unanswered: LeadflowWrite = { stage: 'quoted', at: T };
    expect(leadflowWriteSeen([unanswered], { crmStage: '3', stage: 'quoted', at: T + 200 })).toBe(unanswered);
    expect(leadflowWriteSeen([four, three], { crmStage: '3' })).toBe(three);
    expect(leadflowWriteSeen([four, three], { crmStage: '4' })).toBeUndefined();
  });

  it('never takes a sight for a landed write unless it is within the tolerance of one landing', () => {
    const landed = fc.record({ crmStage: fc.constantFrom('2', '3', '4', '5'), offset: fc.integer({ min: 0, max: 600_000 }) });
    fc.assert(
      fc.property(fc.array(landed, { minLength: 1, maxLength: 6 }), fc.constantFrom('2', '3', '4', '5'), fc.integer({ min: 0, max: 600_000 }), (ws, value, seenAt) => {
        const writes = ws.map((w) => ({ stage: FXIAOKE[w.crmStage]!, crmStage: w.crmStage, at: T + w.offset - 50, landedAt: at(w.offset), settled: true })).sort((a, b) => a.at - b.at);
        const match = leadflowWriteSeen(writes, { crmStage: value, at: T + seenAt });
        const near = writes.some((w) => w.crmStage === value && Math.abs(T + seenAt - Date.parse(w.landedAt)) < ECHO_TOLERANCE_MS);
        expect(match !== undefined).toBe(near);
      }),
      { seed: 9, numRuns: 500 },
    );
  });

  it('settleWrites: a read that shows a lost write’s value inside its window says when it landed', () => {
    const lost: LeadflowWrite = { stage: 'won', crmStage: '5', at: T };
    const other: LeadflowWrite = { stage: 'quoted', crmStage: '3', at: T };
    settleWrites([lost, other], { crmStage: '5', at: T + 800 });
    expect(lost).toMatchObject({ landedAt: at(800), settled: true });
    expect(other.settled).toBeUndefined();
  });
});

describe('decideStageWrite: write the journey’s stage, or leave the record be', () => {
  const base = { stage: 'quoted' as Stage, target: '3', toFunnel, journeyChangedAt: T, writes: [] };

  it('writes nothing to a record already on the stage, by its value or one that maps to it', () => {
    expect(decideStageWrite({ ...base, current: { crmStage: '3', changedAt: T + 10 } })).toEqual({ action: 'in-sync' });
    expect(decideStageWrite({ ...base, stage: 'qualified', target: '2', toFunnel: (v) => (v === '1' ? 'qualified' : toFunnel(v)), current: { crmStage: '1', changedAt: T + 10 } })).toEqual({ action: 'in-sync' });
  });

  it('writes when the journey’s change is the more recent one, or when the CRM gave no time', () => {
    expect(decideStageWrite({ ...base, current: { crmStage: '5', changedAt: T - 1 } })).toEqual({ action: 'write' });
    expect(decideStageWrite({ ...base, current: { crmStage: '5' } })).toEqual({ action: 'write' });
  });

  it('gives way to a newer change made in the CRM, saying which stage it means', () => {
    expect(decideStageWrite({ ...base, current: { crmStage: '5', changedAt: T + 1 } })).toEqual({ action: 'crm-newer', stage: 'won' });
    expect(decideStageWrite({ ...base, current: { crmStage: '99', changedAt: T + 1 } })).toEqual({ action: 'crm-newer', stage: undefined });
  });

  it('writes over a newer modification that only touched other fields, or that was leadflow’s own late write', () => {
    expect(decideStageWrite({ ...base, knownCrmStage: '5', current: { crmStage: '5', changedAt: T + 1 } })).toEqual({ action: 'write' });
    const late: LeadflowWrite = { stage: 'won', crmStage: '5', at: T - 2000 };
    expect(decideStageWrite({ ...base, writes: [late], current: { crmStage: '5', changedAt: T + 1500 } })).toEqual({ action: 'write' });
  });
});
