import { describe, expect, it } from 'vitest';
import { alertRule, engagementWeight, MOMENTS } from './alert-rules.js';
import { funnelSchema } from './journey-schema.js';

const funnel = (yaml: object) => funnelSchema.parse(yaml);

describe('alert rules in funnel.yaml', () => {
  it('every moment is on by default, not urgent; hot leads are replies, clicks and booked demos, or a score of 10 in 7 days', () => {
    const f = funnel({ stages: { lead: {} } });
    expect(alertRule(f, 'lead', MOMENTS.stale)).toEqual({ urgent: false, events: [], within: '7d', cooldown: '1d' });
    expect(alertRule(f, 'lead', MOMENTS.hot)).toEqual({ urgent: false, events: ['email.replied', 'email.clicked', 'demo.booked'], score: 10, within: '7d', cooldown: '1d' });
  });

  it('a stage’s rule overrides the funnel’s field by field; false at either level turns a moment off', () => {
    const f = funnel({
      alerts: { 'task.follow-up': false, 'survey.low-score': { urgent: true }, 'lead.hot': { score: 20 } },
      stages: { negotiating: { alerts: { 'task.follow-up': { urgent: true }, 'lead.hot': { events: ['email.replied'] } } }, won: { alerts: { 'survey.low-score': false } }, lead: {} },
    });
    expect(alertRule(f, 'lead', MOMENTS.followUp)).toBeUndefined();
    expect(alertRule(f, 'negotiating', MOMENTS.followUp)?.urgent).toBe(true);
    expect(alertRule(f, 'lead', MOMENTS.lowScore)?.urgent).toBe(true);
    expect(alertRule(f, 'won', MOMENTS.lowScore)).toBeUndefined();
    expect(alertRule(f, 'negotiating', MOMENTS.hot)).toMatchObject({ events: ['email.replied'], score: 20 });
  });

  it('refuses a moment it does not know, and a rule with a wrong field, naming the field', () => {
    expect(funnelSchema.safeParse({ stages: { lead: { alerts: { 'stage.wonn': false } } } }).success).toBe(false);
    const bad = funnelSchema.safeParse({ stages: { lead: { alerts: { 'lead.hot': { within: 'a week' } } } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['stages', 'lead', 'alerts', 'lead.hot', 'within']);
  });

  it('weighs engagement: a reply more than a click, a click more than an open; bounces and system events nothing', () => {
    expect([engagementWeight('email.opened'), engagementWeight('email.clicked'), engagementWeight('email.replied'), engagementWeight('demo.booked')]).toEqual([1, 3, 5, 3]);
    expect([engagementWeight('email.bounced'), engagementWeight('unsubscribed'), engagementWeight('stage.changed'), engagementWeight('journey.paused')]).toEqual([0, 0, 0, 0]);
  });
});
