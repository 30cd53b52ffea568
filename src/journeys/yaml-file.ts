import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { JourneyError, formatPath } from './journey-error.js';

/**
 * Reads a YAML file and validates it with a zod schema. Every problem comes back as a
 * JourneyError with the dotted path and the line it sits on.
 */
export async function readYaml<S extends z.ZodType>(file: string, label: string, schema: S): Promise<{ value?: z.infer<S>; errors: JourneyError[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { errors: [new JourneyError(label, '', code === 'ENOENT' ? 'file not found' : `cannot read: ${code}`)] };
  }
  return parseYaml(text, label, schema);
}

export function parseYaml<S extends z.ZodType>(text: string, label: string, schema: S): { value?: z.infer<S>; errors: JourneyError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    return {
      errors: doc.errors.map((e) => new JourneyError(label, '', `YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0]?.line)),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data, errors: [] };
  return {
    errors: result.error.issues.map((issue) => {
      const node = doc.getIn(issue.path as (string | number)[], true);
      const line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
      return new JourneyError(label, formatPath(issue.path), issue.message, line);
    }),
  };
}
