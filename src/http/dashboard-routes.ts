import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import { safeEqual } from '../../connectors/shared/safe-equal.js';
import { SESSION_COOKIE, SESSION_MS, type DashboardSessions } from './dashboard-session.js';

/** How the dashboard logs people in, and whether it shows the outbox. */
export interface DashboardOptions {
  apiToken: string;
  /** DASHBOARD_PASSWORD: an operator can log in without the API token. */
  password?: string;
  sessions: DashboardSessions;
  /** Embedded mode: the outbox tab. */
  outbox: boolean;
}

const OWN_ASSETS = fileURLToPath(new URL('../dashboard/assets/', import.meta.url));
// ECharts from node_modules, never a CDN: the dashboard works behind any firewall.
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const FAILED_LOGIN_DELAY_MS = 400;

/** Pages for people: scripts and styles of our own origin only, never framed. */
const dashboardHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // ECharts positions its tooltips with inline styles.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
});

const TEXT = {
  en: { title: 'leadflow dashboard', prompt: 'Sign in with the API token or the operator password.', field: 'Token or password', button: 'Sign in', wrong: 'That is neither the API token nor the operator password.' },
  zh: { title: 'leadflow 数据看板', prompt: '请输入 API 令牌或运维密码登录。', field: '令牌或密码', button: '登录', wrong: '输入的既不是 API 令牌，也不是运维密码。' },
};

const langOf = (accept: string | undefined) => (/^\s*zh/i.test(accept ?? '') ? 'zh' : 'en');

function loginPage(lang: 'en' | 'zh', wrong: boolean) {
  const t = TEXT[lang];
  return html`<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title}</title><link rel="stylesheet" href="/dashboard/assets/dashboard.css"></head>
<body class="login"><form method="post" action="/dashboard/login"><h1>${t.title}</h1><p>${t.prompt}</p>
${wrong ? html`<p class="error" role="alert">${t.wrong}</p>` : ''}<label>${t.field}<input type="password" name="secret" autocomplete="current-password" required autofocus></label>
<button type="submit">${t.button}</button></form></body></html>`;
}

const shell = (outbox: boolean) => html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>leadflow</title><link rel="stylesheet" href="/dashboard/assets/dashboard.css"></head>
<body data-outbox="${outbox ? 'on' : 'off'}"><div id="app"></div>
<script src="/dashboard/assets/echarts.min.js"></script><script type="module" src="/dashboard/assets/dashboard.js"></script></body></html>`;

/**
 * `/dashboard`: the funnel, reps, sequences and leads for people, in zh-CN or en, behind a login
 * with the API token or DASHBOARD_PASSWORD. Served by leadflow itself, assets included.
 */
export function dashboardRoutes({ apiToken, password, sessions, outbox }: DashboardOptions) {
  const app = new Hono();
  const own = new Set(readdirSync(OWN_ASSETS));
  app.use('/dashboard', dashboardHeaders);
  app.use('/dashboard/*', dashboardHeaders);

  app.get('/dashboard', (c) => (sessions.fromRequest(c) ? c.html(shell(outbox)) : c.html(loginPage(langOf(c.req.header('accept-language')), false))));

  // The addresses team messages link to (src/team/format.ts): stable paths that open the right view.
  app.get('/dashboard/leads/:id', (c) => c.redirect(`/dashboard#leads?lead=${encodeURIComponent(c.req.param('id'))}`, 302));
  app.get('/dashboard/owners/:owner', (c) => c.redirect(`/dashboard#funnel?owner=${encodeURIComponent(c.req.param('owner'))}`, 302));

  app.post('/dashboard/login', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const secret = typeof form.secret === 'string' ? form.secret : '';
    const ok = !!secret && (safeEqual(secret, apiToken) || (!!password && safeEqual(secret, password)));
    if (!ok) {
      // Guessing costs time; one person mistyping barely notices.
      await new Promise((r) => setTimeout(r, FAILED_LOGIN_DELAY_MS));
      return c.html(loginPage(langOf(c.req.header('accept-language')), true), 401);
    }
    setCookie(c, SESSION_COOKIE, sessions.issue(), { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_MS / 1000, secure: new URL(c.req.url).protocol === 'https:' });
    return c.redirect('/dashboard', 303);
  });

  app.post('/dashboard/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/dashboard', 303);
  });

  app.get('/dashboard/assets/:file', async (c) => {
    const file = c.req.param('file');
    const path = file === 'echarts.min.js' ? ECHARTS : own.has(file) ? `${OWN_ASSETS}${file}` : undefined;
    if (!path) return c.json({ error: 'not_found', message: `no dashboard asset ${file}` }, 404);
    return c.body(await readFile(path), 200, { 'content-type': TYPES[file.split('.').pop()!] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  });
  return app;
}
