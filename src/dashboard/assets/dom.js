// Elements from data, never from HTML strings: a lead called <script> stays text.

/** `h('td', {class: 'n'}, 'text', child)`; attributes starting with `on` are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A table with a header row; `cells(row)` gives each row's values. */
export function table(headers, rows, cells, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))), h('tbody', {}, rows.map((r) => h('tr', {}, cells(r).map((c) => h('td', {}, c ?? '—'))))));
}

export const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
export const num = (x, digits = 1) => (x === null || x === undefined ? '—' : Number(x).toLocaleString(undefined, { maximumFractionDigits: digits }));

/** GET from the API with the session cookie; a 401 means the session ended: back to the login. */
export async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (res.status === 401) {
    location.href = '/dashboard';
    throw new Error('signed out');
  }
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** A chart in a fresh box; ECharts instances are kept on the element for tests and resizes. */
export function chart(el, option) {
  const instance = echarts.init(el, null, { renderer: 'canvas' });
  instance.setOption(option);
  return instance;
}
