import { join } from 'node:path';
import { careSchema, type CareDefinition } from '../domain/care-schema.js';
import { DEFAULT_LOCALE } from '../domain/lead.js';
import type { SharedTemplates, TemplateSource } from '../domain/journey-schema.js';
import { SOLAR_TERMS } from '../calendar/lunar.js';
import { checkTemplateSyntax } from '../mail/render.js';
import { JourneyError } from './journey-error.js';
import { readShared, readTemplate } from './templates.js';
import { readYaml } from './yaml-file.js';

/** A set of templates frozen under one content hash, as sequences are: what a care or survey mail sends. */
export interface TemplateSet {
  name: string;
  templates: Record<string, Record<string, TemplateSource>>;
  shared: SharedTemplates;
}

/** Reads templates by name, with every problem named by file (missing folder, no en.html, bad Liquid). */
export async function readTemplateSet(dir: string, name: string, names: string[], where: string): Promise<{ set?: TemplateSet; errors: JourneyError[] }> {
  const errors: JourneyError[] = [];
  const templates: TemplateSet['templates'] = {};
  for (const template of [...new Set(names)]) {
    const read = await readTemplate(dir, template);
    errors.push(...read.errors.map((e) => (e.problem === 'template folder not found' ? new JourneyError(where, '', `template "${template}" not found in templates/`) : e)));
    if (Object.keys(read.locales).length && !read.locales[DEFAULT_LOCALE]) errors.push(new JourneyError(`templates/${template}`, '', `needs ${DEFAULT_LOCALE}.html, the fallback locale`));
    for (const [locale, source] of Object.entries(read.locales)) {
      for (const problem of checkTemplateSyntax(source)) errors.push(new JourneyError(`templates/${template}/${locale}.html`, problem.part, problem.message));
    }
    templates[template] = read.locales;
  }
  const { shared, errors: sharedErrors } = await readShared(dir);
  errors.push(...sharedErrors);
  return errors.length ? { errors } : { set: { name, templates, shared }, errors };
}

/** `care.yaml`: optional; without it nobody gets care mail. Checked with the templates it names. */
export async function readCare(dir: string): Promise<{ care?: CareDefinition; errors: JourneyError[] }> {
  const { value, errors } = await readYaml(join(dir, 'care.yaml'), 'care.yaml', careSchema);
  if (errors.length === 1 && errors[0]!.problem === 'file not found') return { care: careSchema.parse({}), errors: [] };
  if (!value) return { errors };
  const keys = new Set<string>();
  value.occasions.forEach((o, i) => {
    if (keys.has(o.key) || o.key === 'birthday') errors.push(new JourneyError('care.yaml', `occasions[${i}].key`, `"${o.key}" is used twice (birthday is the birthday's own key)`));
    keys.add(o.key);
    if (o.term && !SOLAR_TERMS.includes(o.term)) errors.push(new JourneyError('care.yaml', `occasions[${i}].term`, `"${o.term}" is not a solar term; one of ${SOLAR_TERMS.join(' ')}`));
  });
  const names = [...(value.birthday ? [value.birthday.template] : []), ...value.occasions.map((o) => o.template)];
  errors.push(...(await readTemplateSet(dir, 'care', names, 'care.yaml')).errors);
  return errors.length ? { errors } : { care: value, errors };
}
