import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_WINDOW, type SendWindow } from '../domain/send-window.js';
import { calendarRegistry } from '../calendar/work-calendar.js';
import { nextSendTime, resolveWaitUntil } from './local-time.js';

const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('ccc yyyy-LL-dd HH:mm');

describe('nextSendTime', () => {
  it('keeps an instant already inside the window', () => {
    const t = new Date('2026-12-01T15:00:00Z'); // Tue 10:00 in New York
    expect(nextSendTime(t, 'America/New_York', DEFAULT_SEND_WINDOW)).toEqual(t);
  });

  it('moves a Saturday to Monday 09:00 in the lead’s zone', () => {
    const sat = new Date('2026-11-28T12:00:00Z');
    expect(local(nextSendTime(sat, 'Asia/Shanghai', DEFAULT_SEND_WINDOW), 'Asia/Shanghai')).toBe('Mon 2026-11-30 09:00');
  });

  it('moves an evening send to the next morning, across the spring-forward change', () => {
    // Fri 2027-03-12 20:00 EST; DST starts Sun 2027-03-14 in New York.
    const fri = new Date('2027-03-13T01:00:00Z');
    const next = nextSendTime(fri, 'America/New_York', DEFAULT_SEND_WINDOW);
    expect(local(next, 'America/New_York')).toBe('Mon 2027-03-15 09:00');
    expect(next.toISOString()).toBe('2027-03-15T13:00:00.000Z');
  });
});

describe('nextSendTime on China’s calendar', () => {
  const shanghai = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toJSDate();

  it('follows the official holidays and make-up working days (调休) of the shipped schedule', async () => {
    const cn = await calendarRegistry().calendar({ country: 'CN' });
    const next = (from: string) => local(nextSendTime(shanghai(from), 'Asia/Shanghai', DEFAULT_SEND_WINDOW, cn), 'Asia/Shanghai');
    expect(next('2026-02-13T19:00')).toBe('Sat 2026-02-14 09:00'); // make-up working Saturday before Spring Festival
    expect(next('2026-02-14T19:00')).toBe('Tue 2026-02-24 09:00'); // Spring Festival, 15–23 Feb
    expect(next('2026-09-30T18:30')).toBe('Thu 2026-10-08 09:00'); // National Day, 1–7 Oct
    expect(next('2027-02-04T19:00')).toBe('Mon 2027-02-15 09:00'); // estimated 5–12 Feb, then a weekend
  });

  it('honours a make-up Sunday in any window that takes the whole working week, and only in those', async () => {
    const cn = await calendarRegistry().calendar({ country: 'CN' });
    const monToSat: SendWindow = { ...DEFAULT_SEND_WINDOW, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };
    const monToThu: SendWindow = { ...DEFAULT_SEND_WINDOW, days: ['mon', 'tue', 'wed', 'thu'] };
    expect(local(nextSendTime(shanghai('2026-09-19T19:00'), 'Asia/Shanghai', monToSat, cn), 'Asia/Shanghai')).toBe('Sun 2026-09-20 09:00');
    expect(local(nextSendTime(shanghai('2026-09-19T19:00'), 'Asia/Shanghai', monToThu, cn), 'Asia/Shanghai')).toBe('Mon 2026-09-21 09:00');
    expect(local(nextSendTime(shanghai('2026-09-19T19:00'), 'Asia/Shanghai', { ...DEFAULT_SEND_WINDOW, holidays: false }, cn), 'Asia/Shanghai')).toBe('Mon 2026-09-21 09:00');
  });
});

describe('resolveWaitUntil', () => {
  it('finds the next weekday at a time of day', () => {
    const wed = new Date('2026-12-02T10:00:00Z');
    expect(local(resolveWaitUntil(wed, 'Europe/Berlin', { weekday: 'mon', time: '08:30' }), 'Europe/Berlin')).toBe('Mon 2026-12-07 08:30');
  });
  it('resolves a past date to now', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(resolveWaitUntil(now, 'UTC', { date: '2026-01-01' })).toEqual(now);
  });
  it('waits for a date at a local time', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(resolveWaitUntil(now, 'Asia/Shanghai', { date: '2026-12-24', time: '10:00' }).toISOString()).toBe('2026-12-24T02:00:00.000Z');
  });
});
