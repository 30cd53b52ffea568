import { chooseLanguage, currentLanguage, TEXT } from './i18n.js';
import { h } from './dom.js';
import { funnelView } from './funnel-view.js';
import { repsView } from './reps-view.js';
import { sequencesView } from './sequences-view.js';
import { leadsView, outboxView } from './leads-view.js';

const VIEWS = { funnel: funnelView, reps: repsView, sequences: sequencesView, leads: leadsView, outbox: outboxView };

/** Draws the page for the tab in the URL's hash (`#funnel?from=…`), in the chosen language. */
async function render() {
  const lang = currentLanguage();
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  document.title = `${t.title} · ${t.funnel}`;
  const tabs = Object.keys(VIEWS).filter((v) => v !== 'outbox' || document.body.dataset.outbox === 'on');
  const current = tabs.includes(location.hash.slice(1).split('?')[0]) ? location.hash.slice(1).split('?')[0] : 'funnel';
  const main = h('main', { id: current });
  const other = lang === 'en' ? 'zh-CN' : 'en';
  const header = h('header', {},
    h('strong', { class: 'brand' }, t.title),
    h('nav', {}, tabs.map((v) => h('a', { href: `#${v}`, class: v === current ? 'active' : undefined }, t[v]))),
    h('button', { id: 'language', type: 'button', onclick: () => { chooseLanguage(other); void render(); } }, t.language),
    h('form', { method: 'post', action: '/dashboard/logout' }, h('button', { type: 'submit' }, t.logout)));
  document.getElementById('app').replaceChildren(header, main);
  try {
    await VIEWS[current](main, t);
  } catch (err) {
    main.append(h('p', { class: 'error', role: 'alert' }, err.message));
  }
  main.dataset.ready = 'true';
}

window.addEventListener('hashchange', () => void render());
window.addEventListener('resize', () => document.querySelectorAll('.chart, .gauge').forEach((el) => echarts.getInstanceByDom(el)?.resize()));
void render();
