import { DateTime } from 'luxon';
import type { Lead } from '../domain/lead.js';
import type { MessageLink } from '../notify/message.js';

/** An instant on the owner's clock, as people write it in their language: `12月7日 周一 09:00`, `Mon 7 Dec 09:00`. */
export function onOwnerClock(at: Date | string, zone: string, locale: string): string {
  const dt = (typeof at === 'string' ? DateTime.fromISO(at) : DateTime.fromJSDate(at)).setZone(zone);
  return locale.toLowerCase().startsWith('zh') ? dt.setLocale('zh-CN').toFormat('M月d日 ccc HH:mm') : dt.setLocale('en-GB').toFormat('ccc d LLL HH:mm');
}

/** A local date for titles: `5月6日 周四`, `Thu 6 May`. */
export function localDay(date: string, locale: string): string {
  const dt = DateTime.fromISO(date);
  return locale.toLowerCase().startsWith('zh') ? dt.setLocale('zh-CN').toFormat('M月d日 ccc') : dt.setLocale('en-GB').toFormat('ccc d LLL');
}

/** How a lead is named to its owner: its name and company, else its id (never its e-mail in a group chat). */
export function leadLabel(lead: Pick<Lead, 'id' | 'name' | 'attributes'>, locale: string): string {
  const company = lead.attributes?.company;
  const name = lead.name?.trim() || lead.id;
  if (typeof company !== 'string' || !company.trim()) return name;
  return locale.toLowerCase().startsWith('zh') ? `${name}（${company.trim()}）` : `${name} (${company.trim()})`;
}

const CRM_LABELS: Record<string, string> = { zoho: 'Zoho CRM', fxiaoke: '纷享销客', hubspot: 'HubSpot', generic: 'CRM' };

/** The lead's page in leadflow's dashboard. */
export const leadDashboardUrl = (publicUrl: string, leadId: string) => `${publicUrl}/dashboard/leads/${encodeURIComponent(leadId)}`;
/** An owner's view of the dashboard: the funnel of their leads. */
export const ownerDashboardUrl = (publicUrl: string, owner: string) => `${publicUrl}/dashboard/owners/${encodeURIComponent(owner)}`;

/** Links to the lead's CRM records, by the address patterns of team.yaml's `crmRecordUrls`. */
export function crmRecordLinks(lead: Pick<Lead, 'crm'>, patterns: Record<string, string> | undefined): MessageLink[] {
  const links: MessageLink[] = [];
  for (const record of lead.crm ?? []) {
    const pattern = patterns && Object.hasOwn(patterns, record.connector) ? patterns[record.connector] : undefined;
    if (pattern) links.push({ label: CRM_LABELS[record.connector] ?? record.connector, url: pattern.replace('{id}', encodeURIComponent(record.id)) });
  }
  return links;
}
