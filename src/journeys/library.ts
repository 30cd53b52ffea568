import { createHash } from 'node:crypto';
import { ownValue } from '../domain/own-key.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LOCALE } from '../domain/lead.js';
import {
  funnelSchema,
  sequenceSchema,
  stepKind,
  type FunnelSnapshot,
  type SequenceDefinition,
  type SequenceSnapshot,
  type SharedTemplates,
  type TemplateSource,
} from '../domain/journey-schema.js';
import { JourneyError, JourneyErrors } from './journey-error.js';
import { readShared, readTemplate } from './templates.js';
import { connectorStageFiles } from './connector-stages.js';
import { readYaml } from './yaml-file.js';
import type { z } from 'zod';
import { checkTemplateSyntax } from '../mail/render.js';
import { teamSchema, type Team } from '../domain/team.js';
import { targetsSchema, type Targets } from '../domain/targets.js';
import { calendarNotices } from './calendar-check.js';
import { readCare, readTemplateSet, type TemplateSet } from './care-file.js';
import type { CareDefinition } from '../domain/care-schema.js';

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Step ids that gotos, branches and waits may jump to must exist; ids must be unique. */
function checkJumps(def: SequenceDefinition, label: string): JourneyError[] {
  const errors: JourneyError[] = [];
  const ids = new Set<string>();
  def.steps.forEach((step, i) => {
    if (step.id && ids.has(step.id)) errors.push(new JourneyError(label, `steps[${i}].id`, `"${step.id}" is used twice`));
    if (step.id) ids.add(step.id);
  });
  def.steps.forEach((step, i) => {
    const targets: [string, string | undefined][] = [];
    if ('goto' in step) targets.push(['goto', step.goto]);
    if ('branch' in step) targets.push(['branch.then', step.branch.then], ['branch.else', step.branch.else]);
    if ('waitFor' in step) targets.push(['waitFor.onEvent', step.waitFor.onEvent], ['waitFor.onTimeout', step.waitFor.onTimeout]);
    for (const [path, target] of targets) {
      if (target && !ids.has(target)) errors.push(new JourneyError(label, `steps[${i}].${path}`, `no step has id "${target}"`));
    }
  });
  return errors;
}

/**
 * Reads journeys/ from disk. Every read returns a fresh snapshot with its content hash; nothing is
 * cached, so an edited file is seen by the next lead that enters, and never by leads already in.
 */
export function journeyLibrary(dir: string) {
  /** `preread` carries layouts and partials read once for many sequences (their errors reported by the caller). */
  async function loadSequence(name: string, preread?: SharedTemplates): Promise<{ snapshot?: SequenceSnapshot; errors: JourneyError[] }> {
    const label = `sequences/${name}.yaml`;
    const { value: definition, errors } = await readYaml(join(dir, 'sequences', `${name}.yaml`), label, sequenceSchema);
    if (!definition) return { errors };
    if (definition.name !== name) errors.push(new JourneyError(label, 'name', `must be "${name}", the file's name`));
    errors.push(...checkJumps(definition, label));
    const templates: Record<string, Record<string, TemplateSource>> = {};
    for (const [i, step] of definition.steps.entries()) {
      if (stepKind(step) !== 'send' || !('send' in step) || ownValue(templates, step.send)) continue;
      const read = await readTemplate(dir, step.send);
      errors.push(...read.errors.map((e) => (e.problem === 'template folder not found' ? new JourneyError(label, `steps[${i}].send`, `template "${step.send}" not found in templates/`) : e)));
      if (Object.keys(read.locales).length && !read.locales[DEFAULT_LOCALE]) {
        errors.push(new JourneyError(`templates/${step.send}`, '', `needs ${DEFAULT_LOCALE}.html, the fallback locale`));
      }
      for (const [locale, source] of Object.entries(read.locales)) {
        for (const problem of checkTemplateSyntax(source)) errors.push(new JourneyError(`templates/${step.send}/${locale}.html`, problem.part, problem.message));
      }
      templates[step.send] = read.locales;
    }
    let shared = preread;
    if (!shared) {
      const read = await readShared(dir);
      errors.push(...read.errors);
      shared = read.shared;
    }
    for (const [template, locales] of Object.entries(templates)) {
      for (const [locale, source] of Object.entries(locales)) {
        if (source.layout && !ownValue(shared.layouts, source.layout)) {
          errors.push(new JourneyError(`templates/${template}/${locale}.html`, 'layout', `no layout "${source.layout}" in templates/_layouts`));
        }
      }
    }
    if (errors.length) return { errors };
    return { snapshot: { name, hash: contentHash({ definition, templates, shared }), definition, templates, shared }, errors };
  }

  async function loadFunnel(): Promise<{ snapshot?: FunnelSnapshot; errors: JourneyError[] }> {
    const { value: definition, errors } = await readYaml(join(dir, 'funnel.yaml'), 'funnel.yaml', funnelSchema);
    if (!definition) return { errors };
    return { snapshot: { hash: contentHash(definition), definition }, errors };
  }

  /** An optional file: absent, it is its schema's defaults. */
  async function loadOptional<S extends z.ZodType>(file: string, schema: S): Promise<{ value?: z.infer<S>; errors: JourneyError[] }> {
    const { value, errors } = await readYaml(join(dir, file), file, schema);
    if (errors.length === 1 && errors[0]!.problem === 'file not found') return { value: schema.parse({}), errors: [] };
    return { value, errors };
  }
  /** `team.yaml` is optional: without it every owner works on the lead's own clock and calendar. */
  const loadTeam = () => loadOptional('team.yaml', teamSchema);
  /** `targets.yaml` is optional: without it the scorecards show no targets. */
  const loadTargets = () => loadOptional('targets.yaml', targetsSchema);

  return {
    dir,
    /** care.yaml, checked with its templates; an empty care plan when the file is absent. */
    async care(): Promise<CareDefinition> {
      const { care, errors } = await readCare(dir);
      if (!care) throw new JourneyErrors(errors);
      return care;
    },
    /** Templates read now and frozen under their content hash, for mail that no sequence sends (care, surveys). */
    async templateSet(name: string, names: string[]): Promise<TemplateSet & { hash: string }> {
      const { set, errors } = await readTemplateSet(dir, name, names, name);
      if (!set) throw new JourneyErrors(errors);
      return { ...set, hash: contentHash(set) };
    },
    async team(): Promise<Team> {
      const { value, errors } = await loadTeam();
      if (!value) throw new JourneyErrors(errors);
      return value;
    },
    async targets(): Promise<Targets> {
      const { value, errors } = await loadTargets();
      if (!value) throw new JourneyErrors(errors);
      return value;
    },
    async funnel(): Promise<FunnelSnapshot> {
      const { snapshot, errors } = await loadFunnel();
      if (!snapshot) throw new JourneyErrors(errors);
      return snapshot;
    },
    async sequence(name: string): Promise<SequenceSnapshot> {
      const { snapshot, errors } = await loadSequence(name);
      if (!snapshot) throw new JourneyErrors(errors);
      return snapshot;
    },
    /**
     * Every problem in the folder: the funnel, each sequence it names, every other sequence file,
     * the team, the connectors' stage maps and the calendars; and, as warnings, the years ahead
     * whose holidays run on an estimate because no official schedule is in place.
     */
    async validate(now = new Date()): Promise<{ errors: JourneyError[]; warnings: string[]; sequences: string[] }> {
      const { snapshot, errors } = await loadFunnel();
      const names = new Set<string>();
      try {
        for (const f of await readdir(join(dir, 'sequences'))) if (f.endsWith('.yaml')) names.add(f.slice(0, -5));
      } catch {
        // no sequences folder: only an error if the funnel names one, reported below
      }
      for (const [stage, plan] of Object.entries(snapshot?.definition.stages ?? {})) {
        if (plan?.sequence && !names.has(plan.sequence)) {
          errors.push(new JourneyError('funnel.yaml', `stages.${stage}.sequence`, `no file sequences/${plan.sequence}.yaml`));
        }
      }
      const { shared, errors: sharedErrors } = await readShared(dir);
      errors.push(...sharedErrors);
      for (const name of [...names].sort()) errors.push(...(await loadSequence(name, shared)).errors);
      errors.push(...(await connectorStageFiles(dir)).errors);
      errors.push(...(await loadTeam()).errors);
      errors.push(...(await loadTargets()).errors);
      errors.push(...(await readCare(dir)).errors);
      for (const [stage, plan] of Object.entries(snapshot?.definition.stages ?? {})) {
        if (plan?.survey) errors.push(...(await readTemplateSet(dir, 'survey', [plan.survey.template, plan.survey.reminderTemplate], `funnel.yaml: stages.${stage}.survey`)).errors);
      }
      const calendars = await calendarNotices(dir, now);
      errors.push(...calendars.errors);
      // A template sent by several sequences is checked with each: report each problem once.
      const unique = [...new Map(errors.map((e) => [e.message, e])).values()];
      return { errors: unique, warnings: calendars.warnings, sequences: [...names].sort() };
    },
  };
}

export type JourneyLibrary = ReturnType<typeof journeyLibrary>;
