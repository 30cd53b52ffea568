import type { TeamMessageKind } from '../domain/alert-rules.js';
import type { ChatIdentity } from '../domain/team-chat.js';

/** A line of a message: a label and its value (`Stage: Negotiating`). */
export interface MessageField {
  label: string;
  value: string;
}

export interface MessageLink {
  label: string;
  url: string;
}

/** One entry of a digest section: a lead and what is due, with a link to it. */
export interface MessageItem {
  text: string;
  url?: string;
}

export interface MessageSection {
  title: string;
  items: MessageItem[];
  /** Entries left out (by the digest's own cap, or to fit the service's size limit). */
  more: number;
}

/** How the message is coloured where the service allows it. */
export type MessageTone = 'info' | 'good' | 'warning' | 'alert';

/** The person a message is about for the team, as each service mentions them. */
export type Recipient = ChatIdentity & { name: string };

/**
 * What the team is told, before any service's markup: each notifier renders it its own way
 * (markdown, a card, Block Kit, an e-mail) and shortens it to its own limits. Kept in the ledger
 * as JSON, so a delivery renders and signs it afresh at the moment it is sent.
 */
export interface TeamMessage {
  kind: TeamMessageKind;
  locale: string;
  tone: MessageTone;
  /** One line: the header of a card, the preview of a notification. */
  title: string;
  /** Who and what, in a sentence or two. */
  text: string;
  /** Why now: the rule or the event that raised it. */
  why?: string;
  fields: MessageField[];
  sections: MessageSection[];
  links: MessageLink[];
  /** The owner to @-mention in a shared group; absent when there is nobody to mention. */
  mention?: Recipient;
  /** `…and {n} more` in the message's language, for entries left out. */
  moreLabel: string;
  /** A word some robots demand in every message (their keyword security setting). */
  keyword?: string;
}

/** `…and 12 more`, in the message's own words. */
export const moreText = (message: Pick<TeamMessage, 'moreLabel'>, n: number) => message.moreLabel.replace('{n}', String(n));
