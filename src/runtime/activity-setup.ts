import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createActivities } from '../../activities/index.js';
import type { Config } from '../config.js';
import { journeyLibrary } from '../journeys/library.js';
import { linkTokens, type LinkTokens } from '../links/tokens.js';
import { outboxMailer, smtpMailer, type DkimOptions, type Mailer } from '../mail/mailer.js';
import { fileOutbox, type FileOutbox } from '../mail/outbox.js';
import { rateLimiter } from '../mail/rate-limit.js';
import type { Db } from '../store/db.js';
import { mailStore } from '../store/mail-store.js';
import { crmStore } from '../store/crm-store.js';
import { snapshotStore } from '../store/snapshot-store.js';
import { surveyStore } from '../store/survey-store.js';
import { insightStore } from '../store/insight-store.js';
import type { Connectors } from '../crm/configured.js';
import type { InboundDeps } from '../../activities/crm-inbound.js';
import type { ZohoChannelSettings } from '../../activities/zoho-channel.js';
import { logCalendarNotice } from '../../activities/schedule.js';
import { calendarRegistry, type CalendarNotice } from '../calendar/work-calendar.js';
import { teamStore } from '../store/team-store.js';
import type { Env } from '../env.js';

export async function dkimOptions(config: Config): Promise<DkimOptions | undefined> {
  if (!config.DKIM_DOMAIN || !config.DKIM_SELECTOR) return undefined;
  const privateKey = config.DKIM_PRIVATE_KEY?.replaceAll('\\n', '\n') ?? (await readFile(config.DKIM_PRIVATE_KEY_FILE!, 'utf8'));
  return { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey };
}

/** SMTP when SMTP_URL is set; otherwise the built-in outbox under DATA_DIR. */
export async function mailSetup(config: Config): Promise<{ mailer: Mailer; outbox?: FileOutbox }> {
  const dkim = await dkimOptions(config);
  if (config.SMTP_URL) return { mailer: smtpMailer(config.SMTP_URL, { dkim }) };
  const outbox = fileOutbox(join(config.dataDir, 'outbox'));
  return { mailer: outboxMailer(outbox, { dkim }), outbox };
}

export interface ActivitySetup {
  journeysDir: string;
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  publicUrl: string;
  tokens: LinkTokens;
  ratePerSecond?: number;
  tracking?: boolean;
  unsubscribeMailto?: string;
  /** Configured CRM connectors; none when absent. */
  connectors?: Connectors;
  /** A client for activities that signal workflows (CRM polling). */
  temporal?: InboundDeps;
  zohoChannel?: ZohoChannelSettings;
  /** Told once per place-year whose holidays run on an estimate (default: the activity log). */
  onCalendarNotice?: (notice: CalendarNotice) => void;
  /** Where the secrets team.yaml names (robot keys, signing secrets) are read from; none when absent. */
  env?: Env;
  /** Team delivery settings for tests: the signing clock, the delivery heartbeat timeout. */
  team?: { signingClock?: () => number; heartbeatTimeout?: string };
}

/** The activities with their real dependencies: one place, used by workers, simulations and tests. */
export function buildActivities(s: ActivitySetup) {
  return createActivities({
    library: journeyLibrary(s.journeysDir),
    store: mailStore(s.db),
    mailer: s.mailer,
    mailFrom: s.mailFrom,
    publicUrl: s.publicUrl,
    tokens: s.tokens,
    rate: s.ratePerSecond ? rateLimiter(s.ratePerSecond) : undefined,
    tracking: s.tracking ?? true,
    unsubscribeMailto: s.unsubscribeMailto,
    crm: crmStore(s.db),
    snapshots: snapshotStore(s.db),
    surveys: surveyStore(s.db),
    insight: insightStore(s.db),
    calendars: calendarRegistry({ operatorDir: join(s.journeysDir, 'calendars'), onNotice: s.onCalendarNotice ?? logCalendarNotice }),
    connectors: s.connectors ?? new Map(),
    temporal: s.temporal,
    zohoChannel: s.zohoChannel,
    teamStore: teamStore(s.db),
    env: s.env ?? {},
    team: s.team,
  });
}

export function activitySetupFromConfig(config: Config, db: Db, mailer: Mailer, secret: string): ActivitySetup {
  return {
    journeysDir: config.journeysDir,
    db,
    mailer,
    mailFrom: config.MAIL_FROM,
    publicUrl: config.publicUrl,
    tokens: linkTokens(secret),
    ratePerSecond: config.MAIL_RATE_PER_SECOND,
    tracking: config.MAIL_TRACKING === 'true',
    unsubscribeMailto: config.UNSUBSCRIBE_MAILTO,
    zohoChannel: { notifyUrl: `${config.publicUrl}/webhooks/zoho` },
  };
}
