import { z } from 'zod';

// C0 controls, DEL and C1 controls. PostgreSQL refuses NUL in text; the others break headers,
// logs and CSV exports, and no identifier or name has a reason to hold one.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// A lone surrogate is not Unicode: UTF-8 encoders replace it silently, so two ids that differ
// only there would meet as one in the database.
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;
const NUL = /\u0000/;

/** The problem with an identifier or a name, or undefined when it is clean. */
export function textProblem(text: string, opts: { allowLineBreaks?: boolean } = {}): string | undefined {
  if (opts.allowLineBreaks ? NUL.test(text) : CONTROL.test(text)) return opts.allowLineBreaks ? 'must not contain NUL characters' : 'must not contain control characters (such as NUL or line breaks)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it holds a lone surrogate)';
  return undefined;
}

function clean(schema: z.ZodString, opts: { allowLineBreaks?: boolean } = {}) {
  return schema.superRefine((text, ctx) => {
    const problem = textProblem(text, opts);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** An id from outside (a record id, an event id, a Message-ID): 1 to `max` characters, no control characters. */
export function identifierSchema(max = 200) {
  return clean(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
}

/** A person's name, an owner, a source label: one line of text, no control characters. */
export function nameSchema(max = 200) {
  return clean(z.string().max(max, `must be at most ${max} characters`));
}

/** Free text (an attribute's value, a note): line breaks are fine, NUL and lone surrogates are not. */
export function freeTextSchema(max: number) {
  return clean(z.string().max(max, `must be at most ${max} characters`), { allowLineBreaks: true });
}

/**
 * What a CRM says of a person, made safe to keep: control characters dropped and lone surrogates
 * replaced. A CRM cannot be told to fix its data, so its names are cleaned rather than refused.
 */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '').replace(LONE_SURROGATES, '\ufffd');
}
