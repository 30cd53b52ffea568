import { describe, expect, it } from 'vitest';
import { teamSchema } from './team.js';

const problems = (team: unknown) => {
  const parsed = teamSchema.safeParse(team);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).sort();
};

describe('team.yaml: destinations and chat identities', () => {
  it('takes a team with robots per team and per owner, chat identities and quiet hours', () => {
    expect(
      problems({
        defaults: { timezone: 'Asia/Shanghai', country: 'CN', locale: 'zh-CN', notify: ['sales-wecom'], quietHours: { start: '21:00', end: '08:00' }, digest: { time: '09:00' } },
        destinations: { 'sales-wecom': { service: 'wecom', key: 'WECOM_SALES_KEY' }, 'min-ding': { service: 'dingtalk', accessToken: 'DINGTALK_MIN_TOKEN', secret: 'DINGTALK_MIN_SECRET', keyword: '销售' } },
        owners: { 'zhang.min': { name: '张敏', email: 'min@example.cn', wecom: { userid: 'ZhangMin' }, dingtalk: { mobile: '13800000000' }, feishu: { openId: 'ou_7d8a6e6df7621556' }, notify: ['min-ding', 'email'], quietHours: false } },
      }),
    ).toEqual([]);
  });

  it('refuses a secret written into the file, an unknown destination, and an identity that is not one', () => {
    expect(
      problems({
        destinations: { room: { service: 'wecom', key: '693a91f6-7xxx-4b2c-9d3e-' }, slack: { service: 'slack', webhook: 'https://hooks.slack.com/services/T/B/X' } },
        owners: { bob: { notify: ['room', 'nowhere'], slack: { memberId: 'bob' }, wecom: {} } },
      }),
    ).toEqual([
      'destinations.room.key: must name an environment variable such as WECOM_SALES_KEY (write the key in the environment, never in this file)',
      'destinations.slack.webhook: must name an environment variable such as WECOM_SALES_KEY (write the key in the environment, never in this file)',
      'owners.bob.notify.1: no destination "nowhere" under destinations (or write "email" for the owner\'s own address)',
      'owners.bob.slack.memberId: must be a member id such as U024BE7LH',
      'owners.bob.wecom: needs a userid or a mobile',
    ]);
    expect(problems({ destinations: {}, owners: { bob: { notify: ['nowhere'] } } })).toEqual(['owners.bob.notify.0: no destination "nowhere" under destinations (or write "email" for the owner\'s own address)']);
  });
});
