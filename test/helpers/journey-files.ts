import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a journeys folder from `{ 'funnel.yaml': '…', 'templates/hello/en.html': '…' }`. */
export async function writeJourneys(files: Record<string, string>, dir?: string): Promise<string> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'leadflow-journeys-')));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** A template file with a subject and a one-line body. */
export function template(subject: string, body = `<p>Hello {{ lead.first_name }}, this is "${subject}".</p>`): string {
  return `---\nsubject: "${subject}"\n---\n${body}\n`;
}

/** A funnel whose `lead` stage runs `sequence`, and whose negotiating stage has a 2-day follow-up. */
export function funnel(sequence = 'drip'): string {
  return `stages:
  lead:
    sequence: ${sequence}
  negotiating:
    followUp:
      every: 2d
      task: "Follow up with {{ lead.name }}"
`;
}
