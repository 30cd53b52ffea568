// Every word the dashboard shows, in English and Simplified Chinese. The browser's language picks
// one (zh* → zh-CN); the switch in the header overrides it and is remembered in this browser.
export const TEXT = {
  en: {
    title: 'leadflow', funnel: 'Funnel', reps: 'Reps', sequences: 'Sequences', leads: 'Leads', outbox: 'Outbox', logout: 'Sign out', language: '中文',
    from: 'From', to: 'To', source: 'Source', owner: 'Owner', all: 'All', apply: 'Apply',
    cohort: 'Leads in the cohort', winRate: 'Win rate', cycle: 'Median sales cycle', velocity: 'Pipeline velocity', avgWon: 'Average won value', openDeals: 'Open deals',
    perDay: '/ day', days: 'days',
    stage: 'Stage', now: 'Now', entered: 'Reached', conversion: 'Next-step conversion', cumulative: 'Cumulative', median: 'Median days', p90: 'p90 days', stays: 'Stays', open: 'Still there',
    advanced: 'Advanced', movedBack: 'Moved back', lost: 'Lost', won: 'Won',
    conversionTable: 'Conversion and time in stage', weekly: 'Per week (by week of entry)', bySource: 'By source', byOwner: 'By owner', segment: 'Segment', leadsCol: 'Leads',
    period: 'Period', target: 'Target', wins: 'Wins', wonValue: 'Won value', pipeline: 'Pipeline', tasksDue: 'Tasks due', tasksOverdue: 'Overdue', stale: 'Stale deals', noTarget: 'no target', customers: 'Customers',
    sequence: 'Sequence', version: 'Version', step: 'Step', template: 'Template', sent: 'Sent', delivered: 'Delivered', opened: 'Opened', clicked: 'Clicked', replied: 'Replied', unsubscribed: 'Unsubscribed', bounced: 'Bounced', movedOn: 'Moved on within 7 days',
    search: 'Search id, name, e-mail, owner, source', deal: 'Deal value', name: 'Name', email: 'E-mail', enrolled: 'Enrolled', timeline: 'Timeline', when: 'When', what: 'What', why: 'Why', none: 'Nothing here yet.',
    captured: 'Captured', subject: 'Subject', recipient: 'To',
    stages: { lead: 'Lead', contacted: 'Contacted', qualified: 'Needs confirmed', quoted: 'Quoted', negotiating: 'Negotiating', won: 'Won', lost: 'Lost' },
  },
  'zh-CN': {
    title: 'leadflow', funnel: '销售漏斗', reps: '销售绩效', sequences: '培育序列', leads: '线索', outbox: '发件箱', logout: '退出登录', language: 'English',
    from: '开始', to: '结束', source: '来源', owner: '负责人', all: '全部', apply: '查询',
    cohort: '本期线索数', winRate: '赢单率', cycle: '销售周期中位数', velocity: '管道速度', avgWon: '平均赢单金额', openDeals: '进行中商机',
    perDay: '/ 天', days: '天',
    stage: '阶段', now: '当前', entered: '到达', conversion: '下一阶段转化率', cumulative: '累计转化率', median: '停留中位数（天）', p90: 'p90（天）', stays: '停留次数', open: '仍在此阶段',
    advanced: '推进', movedBack: '回退', lost: '输单', won: '赢单',
    conversionTable: '转化率与阶段停留时间', weekly: '按周（按进入周）', bySource: '按来源', byOwner: '按负责人', segment: '分组', leadsCol: '线索',
    period: '周期', target: '目标', wins: '赢单数', wonValue: '赢单金额', pipeline: '管道金额', tasksDue: '待办任务', tasksOverdue: '逾期任务', stale: '停滞商机', noTarget: '未设目标', customers: '客户数',
    sequence: '序列', version: '版本', step: '步骤', template: '模板', sent: '已发送', delivered: '已送达', opened: '已打开', clicked: '已点击', replied: '已回复', unsubscribed: '已退订', bounced: '退信', movedOn: '7 天内推进',
    search: '搜索 ID、姓名、邮箱、负责人、来源', deal: '商机金额', name: '姓名', email: '邮箱', enrolled: '录入时间', timeline: '时间线', when: '时间', what: '事件', why: '原因', none: '暂无数据。',
    captured: '捕获时间', subject: '主题', recipient: '收件人',
    stages: { lead: '线索', contacted: '已联系', qualified: '需求确认', quoted: '已报价', negotiating: '谈判中', won: '赢单', lost: '输单' },
  },
};

const STORED = 'leadflow.language';

/** The language the dashboard speaks: the one chosen here before, else the browser's. */
export function currentLanguage() {
  const chosen = localStorage.getItem(STORED);
  if (chosen && TEXT[chosen]) return chosen;
  return (navigator.languages ?? [navigator.language]).some((l) => /^zh/i.test(l)) ? 'zh-CN' : 'en';
}

export function chooseLanguage(lang) {
  localStorage.setItem(STORED, lang);
}
