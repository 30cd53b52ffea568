import { api, chart, h, num, pct } from './dom.js';

/** Rep scorecards: each owner's book and the period's results against targets.yaml. */
export async function repsView(root, t) {
  const period = new URLSearchParams(location.hash.split('?')[1] ?? '').get('period');
  const { owners } = await api(`/api/owners${period ? `?period=${encodeURIComponent(period)}` : ''}`);
  if (!owners.length) return root.append(h('p', {}, t.none));
  root.append(h('p', { class: 'period' }, `${t.period}: ${owners[0].period.label}`));
  const grid = h('div', { class: 'cards' });
  root.append(grid);
  for (const o of owners) {
    const gauge = h('div', { class: 'gauge' });
    const line = (label, value) => h('div', { class: 'line' }, h('span', {}, label), h('strong', {}, value));
    const target = (key, actual, fmt) => (o.target?.[key] === null || o.target?.[key] === undefined ? `${fmt(actual)} (${t.noTarget})` : `${fmt(actual)} / ${fmt(o.target[key])} · ${pct(o.attainment[key])}`);
    grid.append(h('article', { class: 'card', 'data-owner': o.owner },
      h('h2', {}, o.name ? `${o.name} (${o.owner})` : o.owner), gauge,
      line(t.wonValue, target('amount', o.wonValue, (x) => `${num(x, 0)} ${o.currency}`)),
      line(t.customers, target('customers', o.wins, (x) => num(x, 0))),
      line(t.winRate, target('conversion', o.conversion, pct)),
      line(t.openDeals, `${o.openDeals} · ${t.pipeline} ${num(o.pipelineValue, 0)} ${o.currency}`),
      line(t.tasksDue, String(o.tasksDue)), line(t.tasksOverdue, String(o.tasksOverdue)), line(t.stale, String(o.staleDeals))));
    const attained = o.attainment?.amount ?? null;
    // A ring of attainment against the amount target: the figure in the middle, no dial clutter.
    chart(gauge, { series: [{
      type: 'gauge', min: 0, max: 100, startAngle: 210, endAngle: -30, radius: '95%',
      progress: { show: true, width: 12, roundCap: true }, axisLine: { lineStyle: { width: 12 } }, pointer: { show: false },
      axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false }, anchor: { show: false },
      title: { offsetCenter: [0, '35%'], fontSize: 12 }, detail: { offsetCenter: [0, '-5%'], fontSize: 22, formatter: attained === null ? t.noTarget : (v) => `${v}%` },
      data: [{ value: attained === null ? 0 : Math.round(attained * 1000) / 10, name: t.wonValue }],
    }] });
  }
}
