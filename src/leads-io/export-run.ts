import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import type { Lead } from '../domain/lead.js';
import type { LeadflowApi } from './api-client.js';
import { LEAD_COLUMNS } from './row-mapping.js';

const PAGE = 1000;

interface ListedLead {
  id: string;
  email: string;
  stage: string;
  deal?: { amount: number; currency: string };
  profile?: Partial<Lead>;
}

/** One lead as the row `leads import` reads back: the same columns, attributes after them. */
function rowOf(l: ListedLead, attributeNames: string[]): string[] {
  const p = { ...l.profile, id: l.id, email: l.email, stage: l.stage } as Record<string, unknown>;
  const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const fields = LEAD_COLUMNS.map((c) => (c === 'deal_amount' ? cell(l.deal?.amount) : c === 'deal_currency' ? cell(l.deal?.currency) : cell(p[c])));
  return [...fields, ...attributeNames.map((a) => cell(l.profile?.attributes?.[a]))];
}

/**
 * `leadflow leads export`: every lead the server's event log knows, as CSV that `leads import`
 * reads back (the stage column sets only where a new lead enters). Pages through the API.
 */
export async function exportLeads(api: LeadflowApi, out: NodeJS.WritableStream | string): Promise<number> {
  const leads: ListedLead[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = (await api.get(`/api/leads?limit=${PAGE}&offset=${offset}`)) as { leads: ListedLead[] };
    leads.push(...page.leads);
    if (page.leads.length < PAGE) break;
  }
  const attributeNames = [...new Set(leads.flatMap((l) => Object.keys(l.profile?.attributes ?? {})))].sort();
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  stream.write(`${typeof out === 'string' ? '\uFEFF' : ''}${stringify([[...LEAD_COLUMNS, ...attributeNames]])}`);
  for (const l of leads) stream.write(stringify([rowOf(l, attributeNames)]));
  if (typeof out === 'string') {
    stream.end();
    await once(stream, 'finish');
  }
  return leads.length;
}
