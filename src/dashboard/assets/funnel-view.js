import { api, chart, h, num, pct, table } from './dom.js';

const FUNNEL_STEPS = ['lead', 'contacted', 'qualified', 'quoted', 'negotiating', 'won'];

function kpis(t, f) {
  const card = (label, value, id) => h('div', { class: 'kpi', 'data-kpi': id }, h('span', {}, label), h('strong', {}, value));
  const money = (x) => (x === null ? '—' : `${num(x, 0)} ${f.currency ?? ''}`);
  return h('div', { class: 'kpis' },
    card(t.cohort, num(f.leads, 0), 'leads'),
    card(t.winRate, pct(f.winRate), 'winRate'),
    card(t.cycle, f.salesCycleDays === null ? '—' : `${num(f.salesCycleDays)} ${t.days}`, 'salesCycleDays'),
    card(t.avgWon, money(f.averageWonValue), 'averageWonValue'),
    card(t.openDeals, num(f.openDeals, 0), 'openDeals'),
    card(t.velocity, f.velocity === null ? '—' : `${money(f.velocity)} ${t.perDay}`, 'velocity'));
}

function segments(t, title, rows) {
  return h('section', {}, h('h2', {}, title), table([t.segment, t.leadsCol, t.won, t.lost, t.winRate, t.cycle, t.wonValue, t.velocity], rows, (s) => [s.key || '—', s.leads, s.won, s.lost, pct(s.winRate), num(s.salesCycleDays), num(s.wonValue, 0), num(s.velocity, 0)]));
}

/** The funnel page: filters, key figures, the funnel chart, the stage table, weeks, sources and owners. */
export async function funnelView(root, t) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const query = new URLSearchParams([...params].filter(([, v]) => v));
  const f = await api(`/api/funnel?${query}`);
  const input = (name, type) => h('label', {}, t[name], h('input', { name, type, value: params.get(name) ?? '' }));
  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v));
    location.hash = `#funnel?${q}`;
  } }, input('from', 'date'), input('to', 'date'), input('source', 'text'), input('owner', 'text'), h('button', { type: 'submit' }, t.apply));
  const funnelBox = h('div', { class: 'chart', id: 'funnel-chart' });
  const weeksBox = h('div', { class: 'chart', id: 'weeks-chart' });
  root.append(form, kpis(t, f), h('section', {}, h('h2', {}, t.funnel), funnelBox),
    h('section', {}, h('h2', {}, t.conversionTable), table([t.stage, t.now, t.entered, t.conversion, t.cumulative, t.median, t.p90, t.stays, t.open, t.advanced, t.movedBack, t.lost], f.stages, (s) => [
      t.stages[s.stage], s.now, s.entered, pct(s.conversion), pct(s.cumulative), num(s.timeInStage?.medianDays), num(s.timeInStage?.p90Days), s.timeInStage?.stays, s.timeInStage?.open, s.outcomes?.advanced, s.outcomes?.movedBack, s.outcomes?.lost,
    ], { id: 'stage-table' })),
    h('section', {}, h('h2', {}, t.weekly), weeksBox), segments(t, t.bySource, f.bySource), segments(t, t.byOwner, f.byOwner));
  chart(funnelBox, {
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '8%', label: { show: true, position: 'inside', formatter: '{b}  {c}' },
      data: f.stages.filter((s) => FUNNEL_STEPS.includes(s.stage)).map((s) => ({ name: t.stages[s.stage], value: s.entered })) }],
  });
  chart(weeksBox, {
    tooltip: { trigger: 'axis' }, legend: { data: [t.entered, t.won, t.winRate] },
    xAxis: { type: 'category', data: f.weeks.map((w) => w.week) },
    yAxis: [{ type: 'value' }, { type: 'value', max: 1, axisLabel: { formatter: (v) => `${v * 100}%` } }],
    series: [{ name: t.entered, type: 'bar', data: f.weeks.map((w) => w.entered) }, { name: t.won, type: 'bar', data: f.weeks.map((w) => w.won) }, { name: t.winRate, type: 'line', yAxisIndex: 1, data: f.weeks.map((w) => w.winRate) }],
  });
}
