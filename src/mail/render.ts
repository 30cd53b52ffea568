import { compile } from 'html-to-text';
import { Liquid } from 'liquidjs';
import type { SharedTemplates, TemplateSource } from '../domain/journey-schema.js';
import { DEFAULT_LOCALE } from '../domain/lead.js';
import { ownValue } from '../domain/own-key.js';
import { stripControls } from '../domain/safe-text.js';

// Liquid, not string replacement: filters (`default`, `date`, `upcase`), conditionals and loops are
// what marketing ops expect. Strict filters catch typos; missing variables render empty. The HTML
// engine escapes every output (a lead named `<b>` stays text); `| raw` opts out where meant.
const options = { strictFilters: true, strictVariables: false, cache: 200, jsTruthy: true } as const;
const engine = new Liquid(options);

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** The available locale of the same language, closest first: `zh-Hans-CN` → `zh-Hans-CN`, `zh-Hans`, `zh`, `zh-*`. */
export function closestLocale(available: readonly string[], wanted: string): string | undefined {
  const lower = new Map(available.map((l) => [l.toLowerCase(), l]));
  const parts = wanted.toLowerCase().split('-');
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('-');
    const hit = lower.get(prefix) ?? [...lower.entries()].find(([k]) => k.startsWith(`${prefix}-`))?.[1];
    if (hit) return hit;
  }
  return undefined;
}

/** The closest locale a template has, falling back to `en`, then to whatever there is. */
export function pickLocale(available: readonly string[], wanted: string | undefined): string | undefined {
  return closestLocale(available, wanted ?? DEFAULT_LOCALE) ?? available.find((l) => l.toLowerCase() === DEFAULT_LOCALE) ?? available[0];
}

export interface RenderOptions {
  locale: string;
  subjectPrefix?: string;
  shared?: SharedTemplates;
  /**
   * Whether to derive the text part from the HTML when the template has none (default true).
   * False where the caller changes the HTML afterwards (the marketing footer) and derives the
   * text from that: deriving it twice was a measurable part of a send's CPU.
   */
  deriveText?: boolean;
}

/**
 * One engine per set of partials, so `{% include 'footer' %}` finds the locale's own footer. Their
 * parse cache is off: liquidjs 10.30 shares cached partials between engines of equal options,
 * which served one locale's footer to another (see the render test).
 */
const partialEngines = new Map<string, Liquid>();
function htmlEngineFor(partials: Record<string, string>): Liquid {
  const key = JSON.stringify(partials);
  let e = partialEngines.get(key);
  if (!e) {
    if (partialEngines.size > 100) partialEngines.clear();
    e = new Liquid({ ...options, cache: false, outputEscape: 'escape', templates: partials });
    partialEngines.set(key, e);
  }
  return e;
}

function pickShared(items: Record<string, Record<string, string>>, locale: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, locales] of Object.entries(items)) {
    const chosen = pickLocale(Object.keys(locales), locale);
    if (chosen) out[name] = locales[chosen]!;
  }
  return out;
}

/**
 * Subject, HTML and text of one e-mail. The HTML is wrapped in its layout (`default` unless the
 * template says otherwise) and may render partials; the text part is the author's, or derived.
 */
export async function renderMail(source: TemplateSource, context: Record<string, unknown>, opts: RenderOptions = { locale: DEFAULT_LOCALE }): Promise<RenderedMail> {
  const shared = opts.shared ?? { layouts: {}, partials: {} };
  const html = htmlEngineFor(pickShared(shared.partials, opts.locale));
  const layoutName = source.layout === false ? undefined : (source.layout ?? (shared.layouts.default ? 'default' : undefined));
  const layout = layoutName ? ownValue(pickShared(shared.layouts, opts.locale), layoutName) : undefined;
  const [subject, body] = await Promise.all([engine.parseAndRender(source.subject, context), html.parseAndRender(source.html, context)]);
  const fullHtml = layout ? await html.parseAndRender(layout, { ...context, content: body }) : body;
  const text = source.text ? await engine.parseAndRender(source.text, context) : opts.deriveText === false ? '' : htmlToText(fullHtml);
  // A control character in lead data (a NUL in a name kept by an older journey) never reaches a header.
  const clean = stripControls(subject.replace(/\s+/g, ' ')).trim();
  return { subject: opts.subjectPrefix ? `${opts.subjectPrefix}${clean}` : clean, html: fullHtml, text };
}

// Compiled once: `convert` builds its selector tree again on every call, which cost about as much
// CPU per mail as nodemailer's whole send (docs/benchmarks.md, the profile).
const toText = compile({ wordwrap: 78, selectors: [{ selector: 'img', format: 'skip' }] });

/** The plain-text part of an e-mail whose author wrote only HTML: wrapped at 78, images left out. */
export function htmlToText(html: string): string {
  return toText(html);
}

export async function renderText(template: string, context: Record<string, unknown>): Promise<string> {
  return (await engine.parseAndRender(template, context)).trim();
}

/** Syntax problems per part, for `journeys validate`; an empty list means the template parses. */
export function checkTemplateSyntax(source: TemplateSource): { part: string; message: string }[] {
  const problems: { part: string; message: string }[] = [];
  for (const part of ['subject', 'html', 'text'] as const) {
    const text = source[part];
    if (text === undefined) continue;
    try {
      engine.parse(text);
    } catch (err) {
      problems.push({ part, message: `Liquid: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return problems;
}
