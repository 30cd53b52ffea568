import { describe, expect, it } from 'vitest';
import { stageMap } from './stage-map.js';

describe('stage maps', () => {
  const defaults = { inbound: { Qualification: 'qualified' as const, 'Closed Won': 'won' as const, 'Closed Lost': 'lost' as const, 'Closed Lost to Competition': 'lost' as const }, outbound: {} };

  it('maps many CRM values to one stage and writes the first one back', () => {
    const map = stageMap(defaults);
    expect(map.toFunnel('Closed Lost to Competition')).toBe('lost');
    expect(map.toCrm('lost')).toBe('Closed Lost');
    expect(map.toFunnel('Made Up')).toBeUndefined();
    expect(map.toCrm('negotiating')).toBeUndefined();
  });

  it('takes a connection’s own values over the defaults', () => {
    const map = stageMap(defaults, { inbound: { 'Verhandlung': 'negotiating' }, outbound: { lost: 'Closed Lost to Competition' } });
    expect(map.toFunnel('Verhandlung')).toBe('negotiating');
    expect(map.toCrm('negotiating')).toBe('Verhandlung');
    expect(map.toCrm('lost')).toBe('Closed Lost to Competition');
  });

  it('finds nothing for names of Object.prototype, whatever a CRM sends', () => {
    const map = stageMap(defaults);
    for (const name of [...Object.getOwnPropertyNames(Object.prototype), '__proto__']) expect(map.toFunnel(name)).toBeUndefined();
  });
});
