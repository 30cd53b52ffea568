import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { TemplateSource } from '../domain/journey-schema.js';
import { JourneyError } from './journey-error.js';
import { parseYaml } from './yaml-file.js';

const frontMatterSchema = z.strictObject({ subject: z.string().min(1, 'must not be empty') });
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
    const source: TemplateSource = { subject: front.value.subject, html: raw.slice(match[0].length) };
    if (files.includes(`${locale}.txt`)) source.text = await readFile(join(folder, `${locale}.txt`), 'utf8');
    locales[locale] = source;
  }
  if (!Object.keys(locales).length && !errors.length) errors.push(new JourneyError(label, '', 'has no <locale>.html file'));
  return { locales, errors };
}
