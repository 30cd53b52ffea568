import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SharedTemplates, TemplateSource } from '../domain/journey-schema.js';
import { JourneyError } from './journey-error.js';
import { parseYaml } from './yaml-file.js';
import { DEFAULT_LOCALE } from '../domain/lead.js';

const frontMatterSchema = z.strictObject({
  subject: z.string().min(1, 'must not be empty'),
  layout: z.union([z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), z.literal(false)]).optional(),
});
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * A template is a folder `templates/<name>/` with one `<locale>.html` per language (front matter
 * holds the subject) and, where the author wants to write it, a `<locale>.txt` text part.
 */
export async function readTemplate(dir: string, name: string): Promise<{ locales: Record<string, TemplateSource>; errors: JourneyError[] }> {
  const folder = join(dir, 'templates', name);
  const label = `templates/${name}`;
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return { locales: {}, errors: [new JourneyError(label, '', 'template folder not found')] };
  }
  const locales: Record<string, TemplateSource> = {};
  const errors: JourneyError[] = [];
  for (const file of files.filter((f) => f.endsWith('.html')).sort()) {
    const locale = file.slice(0, -'.html'.length);
    const fileLabel = `${label}/${file}`;
    const raw = await readFile(join(folder, file), 'utf8');
    const match = FRONT_MATTER.exec(raw);
    if (!match) {
      errors.push(new JourneyError(fileLabel, '', 'needs front matter with a subject (---\\nsubject: …\\n---)', 1));
      continue;
    }
    const front = parseYaml(match[1]!, fileLabel, frontMatterSchema);
    errors.push(...front.errors);
    if (!front.value) continue;
    const source: TemplateSource = { subject: front.value.subject, html: raw.slice(match[0].length), layout: front.value.layout };
    if (files.includes(`${locale}.txt`)) source.text = await readFile(join(folder, `${locale}.txt`), 'utf8');
    locales[locale] = source;
  }
  if (!Object.keys(locales).length && !errors.length) errors.push(new JourneyError(label, '', 'has no <locale>.html file'));
  return { locales, errors };
}

async function readLocales(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of (await readdir(folder)).filter((f) => f.endsWith('.html')).sort()) out[file.slice(0, -5)] = await readFile(join(folder, file), 'utf8');
  return out;
}

/** Every layout and partial: `templates/_layouts/<name>/<locale>.html`, `templates/_partials/…`. */
export async function readShared(dir: string): Promise<{ shared: SharedTemplates; errors: JourneyError[] }> {
  const shared: SharedTemplates = { layouts: {}, partials: {} };
  const errors: JourneyError[] = [];
  for (const kind of ['layouts', 'partials'] as const) {
    const root = join(dir, 'templates', `_${kind}`);
    let names: string[] = [];
    try {
      names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const locales = await readLocales(join(root, name));
      if (!locales[DEFAULT_LOCALE]) errors.push(new JourneyError(`templates/_${kind}/${name}`, '', `needs ${DEFAULT_LOCALE}.html, the fallback locale`));
      if (kind === 'layouts') {
        for (const [locale, text] of Object.entries(locales)) {
          if (!/\{\{-?\s*content\s*\|\s*raw\s*-?\}\}/.test(text)) {
            errors.push(new JourneyError(`templates/_layouts/${name}/${locale}.html`, '', 'must place the e-mail with {{ content | raw }}'));
          }
        }
      }
      shared[kind][name] = locales;
    }
  }
  return { shared, errors };
}
