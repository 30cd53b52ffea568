import { MOMENTS, type MomentKind } from '../domain/alert-rules.js';
import type { Stage } from '../domain/stages.js';

/** The words of team messages, in the two languages leadflow's team speaks; zh-TW reads the zh set. */
export interface TeamStrings {
  stage: Record<Stage, string>;
  title: Record<MomentKind, (lead: string) => string>;
  lead: string;
  stageLabel: string;
  due: string;
  owner: string;
  dueMoved: (from: string) => string;
  unassigned: string;
  dashboard: string;
  more: string;
  /** A stale alert in words: who, how long, in which stage (the quiet spell may be unknown). */
  staleText: (who: string, stage: string, spell?: string) => string;
  lowScoreText: (who: string, survey: string, score: number, max: number) => string;
  wonText: (who: string) => string;
  lostText: (who: string) => string;
  duration: Record<string, (n: number) => string>;
  why: {
    followUp: (stage: string, every?: string) => string;
    stale: (stage: string) => string;
    sequence: string;
    lowScore: string;
    hot: (events: string, score?: number) => string;
    stage: (from: string, source: string) => string;
    crm: string;
  };
  event: (type: string) => string;
  digest: {
    title: (name: string, date: string) => string;
    summary: (counts: { today: number; overdue: number; stale: number; hot: number; won: number }) => string;
    staleSince: (date: string) => string;
    today: string;
    overdue: string;
    stale: string;
    hot: string;
    won: (since: string) => string;
    empty: string;
    why: (time: string) => string;
    dashboard: string;
  };
  check: { title: string; text: (destination: string) => string; why: string };
}

const EVENTS_ZH: Record<string, string> = { 'email.replied': '回复了邮件', 'email.clicked': '点击了邮件中的链接', 'email.opened': '打开了邮件', 'demo.booked': '预约了演示' };
const EVENTS_EN: Record<string, string> = { 'email.replied': 'replied to an e-mail', 'email.clicked': 'clicked a link in an e-mail', 'email.opened': 'opened an e-mail', 'demo.booked': 'booked a demo' };

const zh: TeamStrings = {
  stage: { lead: '线索', contacted: '已联系', qualified: '需求确认', quoted: '已报价', negotiating: '谈判中', won: '赢单', lost: '丢单' },
  title: {
    [MOMENTS.followUp]: (l) => `📞 跟进提醒：${l}`,
    [MOMENTS.stale]: (l) => `⏰ 商机停滞：${l}`,
    [MOMENTS.sequenceTask]: (l) => `📝 新任务：${l}`,
    [MOMENTS.lowScore]: (l) => `😟 客户低分：${l}`,
    [MOMENTS.hot]: (l) => `🔥 热线索：${l}`,
    [MOMENTS.won]: (l) => `🎉 赢单：${l}`,
    [MOMENTS.lost]: (l) => `丢单：${l}`,
    [MOMENTS.crmWriteFailed]: (l) => `⚠️ CRM 写入失败：${l}`,
  },
  lead: '客户',
  stageLabel: '阶段',
  due: '截止',
  owner: '负责人',
  dueMoved: (from) => `（原定 ${from}，顺延到工作日）`,
  unassigned: '未分配',
  dashboard: '在看板中查看',
  more: '还有 {n} 条',
  staleText: (who, stage, spell) => `${who} 在「${stage}」阶段${spell ? `已 ${spell}` : '很久'}没有任何动静`,
  lowScoreText: (who, survey, score, max) => `${who} 在「${survey}」满意度调查中给了 ${score}/${max} 分`,
  wonText: (who) => `恭喜！${who} 已赢单 🎉`,
  lostText: (who) => `${who} 已丢单，记得在 CRM 中写下原因`,
  duration: { w: (n) => `${n} 周`, d: (n) => `${n} 天`, h: (n) => `${n} 小时`, m: (n) => `${n} 分钟`, s: (n) => `${n} 秒` },
  why: {
    followUp: (s, every) => `「${s}」阶段${every ? `每 ${every}` : '定期'}跟进一次`,
    stale: (s) => `「${s}」阶段的停滞提醒（staleAfter）`,
    sequence: '跟进序列中的任务步骤',
    lowScore: '满意度调查得分低于阈值，请尽快联系客户',
    hot: (events, score) => `${events}${score !== undefined ? `（7 天互动分 ${score}）` : ''}`,
    stage: (from, source) => `由「${from}」变更，来源：${source}`,
    crm: 'leadflow 未能把这条变更写入 CRM，请在 CRM 中手动补上',
  },
  event: (type) => EVENTS_ZH[type] ?? `触发了 ${type}`,
  digest: {
    title: (name, date) => `☀️ 今日简报 · ${name} · ${date}`,
    summary: (c) => `${[c.today && `今日跟进 ${c.today} 条`, c.overdue && `逾期 ${c.overdue} 条`, c.stale && `停滞商机 ${c.stale} 个`, c.hot && `热线索 ${c.hot} 条`, c.won && `新赢单 ${c.won} 单`].filter(Boolean).join('，')}。`,
    staleSince: (date) => `${date} 起停滞`,
    today: '今日跟进',
    overdue: '已逾期',
    stale: '停滞商机',
    hot: '热线索',
    won: (since) => `赢单（${since} 以来）`,
    empty: '今天没有待办，祝工作顺利！',
    why: (time) => `每个工作日 ${time} 发送`,
    dashboard: '打开看板',
  },
  check: { title: '✅ leadflow 连接测试', text: (d) => `这是来自 leadflow 的测试消息：目的地「${d}」可以正常接收提醒。`, why: '由 leadflow team check 发送' },
};

const en: TeamStrings = {
  stage: { lead: 'Lead', contacted: 'Contacted', qualified: 'Needs confirmed', quoted: 'Quoted', negotiating: 'Negotiating', won: 'Won', lost: 'Lost' },
  title: {
    [MOMENTS.followUp]: (l) => `📞 Follow up: ${l}`,
    [MOMENTS.stale]: (l) => `⏰ Gone quiet: ${l}`,
    [MOMENTS.sequenceTask]: (l) => `📝 New task: ${l}`,
    [MOMENTS.lowScore]: (l) => `😟 Low survey score: ${l}`,
    [MOMENTS.hot]: (l) => `🔥 Hot lead: ${l}`,
    [MOMENTS.won]: (l) => `🎉 Won: ${l}`,
    [MOMENTS.lost]: (l) => `Lost: ${l}`,
    [MOMENTS.crmWriteFailed]: (l) => `⚠️ CRM write failed: ${l}`,
  },
  lead: 'Lead',
  stageLabel: 'Stage',
  due: 'Due',
  owner: 'Owner',
  dueMoved: (from) => ` (was ${from}, moved to a working day)`,
  unassigned: 'unassigned',
  dashboard: 'Open in dashboard',
  more: 'and {n} more',
  staleText: (who, stage, spell) => `Nothing from ${who}${spell ? ` for ${spell}` : ' for a while'} in stage ${stage}`,
  lowScoreText: (who, survey, score, max) => `${who} gave ${score}/${max} in the ${survey} survey`,
  wonText: (who) => `${who} is won. Congratulations! 🎉`,
  lostText: (who) => `${who} is lost: note the reason in the CRM`,
  duration: { w: (n) => `${n} week${n === 1 ? '' : 's'}`, d: (n) => `${n} day${n === 1 ? '' : 's'}`, h: (n) => `${n} hour${n === 1 ? '' : 's'}`, m: (n) => `${n} minute${n === 1 ? '' : 's'}`, s: (n) => `${n} second${n === 1 ? '' : 's'}` },
  why: {
    followUp: (s, every) => `${every ? `A follow-up every ${every}` : 'The follow-up cadence'} while in stage ${s}`,
    stale: (s) => `The stale alert of stage ${s} (staleAfter)`,
    sequence: 'A task step of the lead’s sequence',
    lowScore: 'A survey score at or below the line: call them soon',
    hot: (events, score) => `${events}${score !== undefined ? ` (engagement score ${score} in 7 days)` : ''}`,
    stage: (from, source) => `From ${from}, by ${source}`,
    crm: 'leadflow could not write this to the CRM: add it there by hand',
  },
  event: (type) => EVENTS_EN[type] ?? `sent ${type}`,
  digest: {
    title: (name, date) => `☀️ Daily digest · ${name} · ${date}`,
    summary: (c) => {
      const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
      return `${[c.today && `${n(c.today, 'task')} due today`, c.overdue && `${c.overdue} overdue`, c.stale && n(c.stale, 'stale deal'), c.hot && n(c.hot, 'hot lead'), c.won && `${c.won} won`].filter(Boolean).join(', ')}.`;
    },
    staleSince: (date) => `stale since ${date}`,
    today: 'Due today',
    overdue: 'Overdue',
    stale: 'Stale deals',
    hot: 'Hot leads',
    won: (since) => `Won since ${since}`,
    empty: 'Nothing due today. Have a good day!',
    why: (time) => `Sent at ${time} on each of your working days`,
    dashboard: 'Open the dashboard',
  },
  check: { title: '✅ leadflow connection test', text: (d) => `A test message from leadflow: destination "${d}" receives alerts.`, why: 'Sent by leadflow team check' },
};

/** The strings for a locale: Chinese for any zh tag, English otherwise. */
export function teamStrings(locale: string): TeamStrings {
  return locale.toLowerCase().startsWith('zh') ? zh : en;
}

/** `10d` as a person says it: `10 天`, `10 days`; `1d12h`: `1 天 12 小时`. Undefined stays undefined. */
export function spokenDuration(text: string | undefined, locale: string): string | undefined {
  if (!text) return undefined;
  const words = teamStrings(locale).duration;
  const parts = [...text.matchAll(/(\d+)([wdhms])/g)].map(([, n, unit]) => words[unit!]!(Number(n)));
  return parts.length ? parts.join(' ') : text;
}
