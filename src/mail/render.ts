import { convert } from 'html-to-text';
import { Liquid } from 'liquidjs';
import type { TemplateSource } from '../domain/journey-schema.js';
import { DEFAULT_LOCALE } from '../domain/lead.js';

// Liquid, not string replacement: filters (`default`, `date`, `upcase`), conditionals and loops are
// what marketing ops expect. Strict filters catch typos; missing variables render empty. The HTML
// engine escapes every output (a lead named `<b>` stays text); `| raw` opts out where meant.
const options = { strictFilters: true, strictVariables: false, cache: 200, jsTruthy: true } as const;
const engine = new Liquid(options);
const htmlEngine = new Liquid({ ...options, outputEscape: 'escape' });

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** The closest locale the template has: `zh-Hans-CN` → `zh-Hans-CN`, `zh-Hans`, `zh`, then `en`. */
export function pickLocale(available: readonly string[], wanted: string | undefined): string | undefined {
  const lower = new Map(available.map((l) => [l.toLowerCase(), l]));
  const parts = (wanted ?? DEFAULT_LOCALE).toLowerCase().split('-');
  for (let n = parts.length; n > 0; n--) {
    const hit = lower.get(parts.slice(0, n).join('-')) ?? [...lower.entries()].find(([k]) => k.startsWith(`${parts.slice(0, n).join('-')}-`))?.[1];
    if (hit) return hit;
  }
  return lower.get(DEFAULT_LOCALE) ?? available[0];
}

export async function renderMail(source: TemplateSource, context: Record<string, unknown>, subjectPrefix?: string): Promise<RenderedMail> {
  const [subject, html] = await Promise.all([engine.parseAndRender(source.subject, context), htmlEngine.parseAndRender(source.html, context)]);
  const text = source.text
    ? await engine.parseAndRender(source.text, context)
    : convert(html, { wordwrap: 78, selectors: [{ selector: 'img', format: 'skip' }] });
  const clean = subject.replace(/\s+/g, ' ').trim();
  return { subject: subjectPrefix ? `${subjectPrefix}${clean}` : clean, html, text };
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
