import { describe, expect, it } from 'vitest';
import { evaluateCondition, leadLookup } from './conditions.js';

const ctx = (events: { type: string; at: number }[], lead: Record<string, unknown> = {}) => ({ now: 10_000_000, since: 1_000, events, lookup: leadLookup(lead) });

describe('branch conditions', () => {
  it('sees events since the sequence began, or within a window', () => {
    const events = [{ type: 'email.opened', at: 500 }, { type: 'email.clicked', at: 5_000 }];
    expect(evaluateCondition({ event: 'email.opened' }, ctx(events))).toBe(false);
    expect(evaluateCondition({ event: ['email.opened', 'email.clicked'] }, ctx(events))).toBe(true);
    expect(evaluateCondition({ event: 'email.clicked', within: '1h' }, ctx(events))).toBe(false);
  });

  it('reads lead fields and attributes, and combines', () => {
    const lead = { locale: 'zh-CN', attributes: { industry: 'saas', seats: 40 } };
    expect(evaluateCondition({ attribute: 'attributes.industry', equals: 'saas' }, ctx([], lead))).toBe(true);
    expect(evaluateCondition({ attribute: 'attributes.seats', in: [10, 20] }, ctx([], lead))).toBe(false);
    expect(evaluateCondition({ all: [{ attribute: 'locale', equals: 'zh-CN' }, { not: { attribute: 'owner', exists: true } }] }, ctx([], lead))).toBe(true);
    expect(evaluateCondition({ any: [{ attribute: 'attributes.nope', exists: true }, { event: 'x' }] }, ctx([], lead))).toBe(false);
  });
});
