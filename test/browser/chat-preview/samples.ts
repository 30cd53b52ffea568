import { MOMENTS } from '../../../src/domain/alert-rules.js';
import { teamSchema } from '../../../src/domain/team.js';
import type { Lead } from '../../../src/domain/lead.js';
import type { TeamMessage } from '../../../src/notify/message.js';
import type { TeamMoment } from '../../../src/store/team-store.js';
import { digestMessage } from '../../../src/team/digest-message.js';
import { momentMessage, type MomentFacts } from '../../../src/team/moment-message.js';
import { ownerProfile } from '../../../src/team/owner-profile.js';
import { checkMessage } from '../../../src/team/check.js';

const PUBLIC_URL = 'https://leadflow.example.cn';

/** The sample team of the README's pictures. */
export const SAMPLE_TEAM = teamSchema.parse({
  defaults: { timezone: 'Asia/Shanghai', country: 'CN', notify: ['sales-wecom'] },
  destinations: { 'sales-wecom': { service: 'wecom', key: 'WECOM_SALES_KEY' } },
  crmRecordUrls: { zoho: 'https://crm.zoho.com.cn/crm/org600012345/tab/Potentials/{id}', hubspot: 'https://app.hubspot.com/contacts/4400123/record/0-3/{id}' },
  owners: {
    'zhang.min': { name: '张敏', wecom: { userid: 'ZhangMin' }, dingtalk: { mobile: '13800000000' }, feishu: { openId: 'ou_7d8a6e6df7621556ce0d21922b676706' } },
    bob: { name: 'Bob Smith', locale: 'en', timezone: 'America/New_York', country: 'US', email: 'bob@example.com', slack: { memberId: 'U024BE7LH' } },
  },
});

const min = ownerProfile(SAMPLE_TEAM, 'zhang.min');
const bob = ownerProfile(SAMPLE_TEAM, 'bob');
const liWei: Lead = { id: 'zoho-4876000000123456', email: 'li.wei@huaxin.example.cn', name: '李伟', attributes: { company: '华信科技' }, owner: 'zhang.min', timezone: 'Asia/Shanghai', crm: [{ connector: 'zoho', id: '4876000000123456' }] };
const dana: Lead = { id: 'hubspot-18840021', email: 'dana@northwind.example', name: 'Dana Cole', attributes: { company: 'Northwind' }, owner: 'bob', timezone: 'America/Chicago', locale: 'en', crm: [{ connector: 'hubspot', id: '18840021' }] };
const ctx = (owner = min, urgent = false) => ({ owner, fallback: { timezone: owner.timezone, locale: owner.locale }, publicUrl: PUBLIC_URL, crmRecordUrls: SAMPLE_TEAM.crmRecordUrls, urgent });
const moment = (facts: Omit<MomentFacts, 'at'>, owner = min, urgent = false) => momentMessage({ at: '2026-12-07T01:00:00Z', ...facts }, ctx(owner, urgent));

const row = (o: Partial<TeamMoment> & Pick<TeamMoment, 'kind' | 'title'>, lead = liWei): TeamMoment => ({
  key: `${lead.id}/${o.kind}`,
  owner: lead.owner!,
  leadId: lead.id,
  at: new Date('2026-12-06T02:00:00Z'),
  data: { lead: { id: lead.id, name: lead.name, company: lead.attributes?.company } },
  ...o,
});

function digests(): { zh: TeamMessage; en: TeamMessage } {
  const since = new Date('2026-12-04T01:00:00Z');
  const wang: Lead = { ...liWei, id: 'zoho-4876000000123999', name: '王芳', attributes: { company: '远航物流' } };
  const zhao: Lead = { ...liWei, id: 'zoho-4876000000124111', name: '赵强', attributes: { company: 'Acme 中国' } };
  const zh = digestMessage(min, '2026-12-07', {
    today: [row({ kind: MOMENTS.followUp, title: '跟进 李伟 的合同条款', stage: 'negotiating', dueAt: new Date('2026-12-07T02:00:00Z') }), row({ kind: MOMENTS.sequenceTask, title: '给 王芳 打电话，介绍新报价', stage: 'quoted', dueAt: new Date('2026-12-07T06:30:00Z') }, wang)],
    overdue: [{ moment: row({ kind: MOMENTS.followUp, title: '跟进 赵强 的试用反馈', stage: 'negotiating', dueAt: new Date('2026-12-03T01:00:00Z') }, zhao), count: 2 }],
    stale: [row({ kind: MOMENTS.stale, title: '', stage: 'quoted', at: new Date('2026-12-05T02:00:00Z') }, wang)],
    hot: [row({ kind: MOMENTS.hot, title: '', data: { lead: { id: zhao.id, name: zhao.name, company: 'Acme 中国' }, hot: { events: ['email.replied'] } } }, zhao)],
    won: [row({ kind: MOMENTS.won, title: '', stage: 'won' }, { ...liWei, id: 'zoho-4876000000125000', name: '孙悦', attributes: { company: '星河教育' } })],
  }, { publicUrl: PUBLIC_URL, since });
  const erin: Lead = { ...dana, id: 'hubspot-18840555', name: 'Erin Fox', attributes: { company: 'Fabrikam' } };
  const en = digestMessage(bob, '2026-12-07', {
    today: [row({ kind: MOMENTS.followUp, title: 'Follow up with Dana Cole on the negotiation', stage: 'negotiating', dueAt: new Date('2026-12-07T15:00:00Z') }, dana)],
    overdue: [],
    stale: [row({ kind: MOMENTS.stale, title: '', stage: 'qualified', at: new Date('2026-12-04T14:00:00Z') }, erin)],
    hot: [row({ kind: MOMENTS.hot, title: '', data: { lead: { id: erin.id, name: erin.name, company: 'Fabrikam' }, hot: { events: ['email.clicked', 'demo.booked'] } } }, erin)],
    won: [],
  }, { publicUrl: PUBLIC_URL, since });
  return { zh, en };
}

/** One sample of every message, each as a real composer makes it, and the service it is shown in. */
export function sampleMessages(): { name: string; service: 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'email'; caption: string; message: TeamMessage }[] {
  const d = digests();
  return [
    { name: 'stale-wecom', service: 'wecom', caption: 'A stale deal, in a WeCom group (markdown, @ by userid)', message: moment({ kind: MOMENTS.stale, lead: liWei, stage: 'negotiating', task: { title: 'No activity from 李伟 for 10d in stage Negotiating', dueAt: '2026-12-08T01:00:00Z', every: '10d' } }) },
    { name: 'follow-up-dingtalk', service: 'dingtalk', caption: 'A follow-up, on a DingTalk robot (markdown, @ by mobile)', message: moment({ kind: MOMENTS.followUp, lead: liWei, stage: 'negotiating', task: { title: '跟进 李伟 的合同条款', dueAt: '2026-12-08T01:00:00Z', every: '2d' } }) },
    { name: 'low-score-dingtalk', service: 'dingtalk', caption: 'A low survey score, on a DingTalk robot (urgent: through quiet hours)', message: moment({ kind: MOMENTS.lowScore, lead: liWei, stage: 'won', task: { title: '李伟 gave 3/10 in the post-purchase survey: call them', notes: '上线培训太慢了', dueAt: '2026-12-07T05:00:00Z' }, survey: { name: 'post-purchase', score: 3, max: 10 } }, min, true) },
    { name: 'won-feishu', service: 'feishu', caption: 'A won deal, in Feishu (interactive card, @ by open_id)', message: moment({ kind: MOMENTS.won, lead: liWei, stage: 'won', stageChange: { from: 'negotiating', source: 'zoho' } }) },
    { name: 'lost-feishu', service: 'feishu', caption: 'A lost deal, in Feishu', message: moment({ kind: MOMENTS.lost, lead: liWei, stage: 'lost', stageChange: { from: 'quoted', source: 'api' } }) },
    { name: 'hot-slack', service: 'slack', caption: 'A hot lead, in Slack (Block Kit, @ by member id)', message: moment({ kind: MOMENTS.hot, lead: dana, stage: 'quoted', hot: { events: ['email.replied'], score: 11 } }, bob) },
    { name: 'task-slack', service: 'slack', caption: 'A task step of a sequence, in Slack', message: moment({ kind: MOMENTS.sequenceTask, lead: dana, stage: 'lead', task: { title: 'Dana Cole is reading the nurture e-mails: call them', dueAt: '2026-12-08T14:00:00Z' } }, bob) },
    { name: 'crm-failed-email', service: 'email', caption: 'A CRM write that failed, by e-mail to the owner', message: moment({ kind: MOMENTS.crmWriteFailed, lead: dana, stage: 'negotiating', error: 'task not written to the CRM: hubspot: 403 This app lacks the crm.objects.tasks.write scope' }, bob) },
    { name: 'digest-wecom', service: 'wecom', caption: 'The daily digest, in WeCom', message: d.zh },
    { name: 'digest-slack', service: 'slack', caption: 'The daily digest, in Slack', message: d.en },
    { name: 'check-wecom', service: 'wecom', caption: '`leadflow team check` in a WeCom group (a template card: it mentions nobody)', message: checkMessage(SAMPLE_TEAM, 'sales-wecom', PUBLIC_URL) },
  ];
}
