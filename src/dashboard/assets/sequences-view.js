import { api, chart, h, table } from './dom.js';

/** Sequence step stats: per version and step, what the sends led to. */
export async function sequencesView(root, t) {
  const { sequences } = await api('/api/sequences');
  if (!sequences.length) return root.append(h('p', {}, t.none));
  const chosen = new URLSearchParams(location.hash.split('?')[1] ?? '').get('name') ?? sequences[0];
  root.append(h('label', {}, t.sequence, h('select', { onchange: (e) => (location.hash = `#sequences?name=${encodeURIComponent(e.target.value)}`) }, sequences.map((s) => h('option', { value: s, selected: s === chosen }, s)))));
  const { steps } = await api(`/api/sequences/${encodeURIComponent(chosen)}/stats`);
  const box = h('div', { class: 'chart', id: 'steps-chart' });
  const cols = ['sent', 'delivered', 'opened', 'clicked', 'replied', 'unsubscribed', 'bounced', 'movedOn'];
  root.append(box, table([t.version, t.step, t.template, ...cols.map((c) => t[c])], steps, (s) => [s.version, s.step, s.template, ...cols.map((c) => s[c])], { id: 'steps-table' }));
  chart(box, {
    tooltip: { trigger: 'axis' }, legend: { data: ['sent', 'opened', 'clicked', 'replied', 'movedOn'].map((c) => t[c]) },
    xAxis: { type: 'category', data: steps.map((s) => `${s.step} (${s.version.slice(0, 6)})`) }, yAxis: { type: 'value' },
    series: ['sent', 'opened', 'clicked', 'replied', 'movedOn'].map((c) => ({ name: t[c], type: 'bar', data: steps.map((s) => s[c]) })),
  });
}
