import { api, h, table } from './dom.js';

const local = (iso) => new Date(iso).toLocaleString();

/** The lead list, searchable, and a lead's timeline: every fact with its reason. */
export async function leadsView(root, t) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const search = params.get('search') ?? '';
  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#leads?search=${encodeURIComponent(new FormData(e.target).get('search'))}`;
  } }, h('input', { name: 'search', type: 'search', value: search, placeholder: t.search, 'aria-label': t.search }), h('button', { type: 'submit' }, t.apply));
  const { leads } = await api(`/api/leads?limit=100&search=${encodeURIComponent(search)}`);
  const detail = h('section', { id: 'timeline' });
  const open = async (id) => {
    const { facts } = await api(`/api/leads/${encodeURIComponent(id)}/timeline`);
    detail.replaceChildren(h('h2', {}, `${t.timeline}: ${id}`), table([t.when, t.what, t.stage, t.source, t.why], facts, (f) => [local(f.at), f.type, t.stages[f.stage] ?? f.stage, f.source, [f.sequence && `${f.sequence}@${f.version ?? ''} ${f.step ?? ''}`, f.reason].filter(Boolean).join(' · ')]));
  };
  const rows = leads.map((l) => h('tr', { class: 'lead', 'data-lead': l.id, onclick: () => open(l.id) }, [l.id, l.name, l.email, l.owner, l.source, t.stages[l.stage], l.deal ? `${l.deal.amount} ${l.deal.currency}` : '', local(l.enrolledAt)].map((c) => h('td', {}, c ?? '—'))));
  root.append(form, leads.length ? h('table', { id: 'lead-table' }, h('thead', {}, h('tr', {}, ['ID', t.name, t.email, t.owner, t.source, t.stage, t.deal, t.enrolled].map((x) => h('th', {}, x)))), h('tbody', {}, rows)) : h('p', {}, t.none), detail);
  if (params.get('lead')) await open(params.get('lead'));
}

/** Embedded mode's outbox: the captured mail, each opening as it would in a mail client. */
export async function outboxView(root, t) {
  const res = await fetch('/outbox', { headers: { accept: 'application/json' } });
  const entries = res.ok ? await res.json() : [];
  root.append(entries.length ? table([t.captured, t.recipient, t.subject], entries, (e) => [local(e.capturedAt), e.to, h('a', { href: `/outbox/${e.id}`, target: '_blank', rel: 'noopener' }, e.subject)]) : h('p', {}, t.none));
}
