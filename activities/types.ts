import type { Lead } from '../src/domain/lead.js';
import type { SendWindow, WindowChoice } from '../src/domain/send-window.js';
import type { Stage } from '../src/domain/stages.js';
import type { TemplateSource } from '../src/domain/journey-schema.js';
import type { WaitUntilSpec } from '../src/schedule/local-time.js';

// Inputs and results of activities. Workflows import these as types only.

export interface SendEmailInput {
  key: string;
  lead: Lead;
  stage: Stage;
  template: string;
  locales: Record<string, TemplateSource>;
  subjectPrefix?: string;
  category: 'marketing' | 'transactional';
}

export interface SendEmailResult {
  messageId: string;
  subject: string;
  locale: string;
  /** False when this key had been delivered before and nothing new went out. */
  delivered: boolean;
}

export interface CreateTaskInput {
  key: string;
  lead: Lead;
  stage: Stage;
  /** Liquid source, rendered with the lead. */
  title: string;
  notes?: string;
  /** Workflow time when the task was decided; due is counted from it. */
  at: string;
  dueInMs?: number;
  origin: 'sequence' | 'follow-up' | 'stale';
}

export interface TaskRecord {
  key: string;
  title: string;
  notes?: string;
  owner?: string;
  createdAt: string;
  dueAt: string;
  origin: CreateTaskInput['origin'];
}

export interface NextSendTimeInput {
  notBefore: string;
  timezone: string;
  window: WindowChoice | SendWindow;
}

export interface WaitUntilInput extends WaitUntilSpec {
  after: string;
  timezone: string;
}
