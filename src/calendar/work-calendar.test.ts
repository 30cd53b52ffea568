import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarRegistry, type CalendarNotice } from './work-calendar.js';

describe('calendars of places', () => {
  const registry = calendarRegistry();

  it('add a region’s own public holidays to its country’s', async () => {
    const [berlin, bavaria, germany] = await Promise.all([registry.calendar({ region: 'DE-BE' }), registry.calendar({ country: 'DE', region: 'DE-BY' }), registry.calendar({ country: 'DE' })]);
    expect(berlin.isHoliday('2027-03-08')).toBe(true); // Internationaler Frauentag, Berlin only
    expect(bavaria.isHoliday('2027-03-08')).toBe(false);
    expect(germany.isHoliday('2027-03-08')).toBe(false);
    expect(germany.isHoliday('2026-10-03')).toBe(true);
    const [scotland, england] = await Promise.all([registry.calendar({ region: 'GB-SCT' }), registry.calendar({ region: 'GB-ENG' })]);
    expect(scotland.holidayName('2026-11-30')).toMatch(/Andrew/);
    expect(england.isHoliday('2026-11-30')).toBe(false);
    const [victoria, nsw] = await Promise.all([registry.calendar({ region: 'AU-VIC' }), registry.calendar({ region: 'AU-NSW' })]);
    expect(victoria.isHoliday('2026-11-03')).toBe(true); // Melbourne Cup
    expect(nsw.isHoliday('2026-11-03')).toBe(false);
    expect(nsw.isHoliday('2026-08-03')).toBe(false); // a bank holiday, not a day off for everyone
  });

  it('know India’s gazetted festival holidays and Taiwan’s current list', async () => {
    const [india, delhi, taiwan] = await Promise.all([registry.calendar({ country: 'IN' }), registry.calendar({ region: 'IN-DL' }), registry.calendar({ country: 'TW' })]);
    expect(india.holidayName('2026-11-08')).toBe('Diwali (Deepavali)');
    expect(india.isHoliday('2026-10-20')).toBe(true); // Dussehra
    expect(india.isHoliday('2026-03-21')).toBe(true); // Id-ul-Fitr
    expect(india.isHoliday('2026-03-04')).toBe(false); // Holi is one of Delhi's three, not compulsory
    expect(delhi.holidayName('2026-03-04')).toBe('Holi');
    expect(taiwan.holidayName('2026-09-28')).toBe('孔子誕辰紀念日/教師節');
    expect(taiwan.isHoliday('2026-10-26')).toBe(true); // 光復節 on a Sunday, made up on Monday
    expect(taiwan.isHoliday('2027-09-28')).toBe(true); // estimated by the statute's rules
  });

  it('never block mail on holidays that are not days off for everyone in China', async () => {
    const china = await registry.calendar({ country: 'CN' });
    expect(china.isWorkingDay('2027-03-08')).toBe(true); // 妇女节, a half day for women only
    expect(china.isWorkingDay('2027-06-01')).toBe(true); // 儿童节
    expect(china.isWorkingDay('2026-02-14')).toBe(true); // a make-up Saturday
    expect(china.isWorkingDay('2027-02-08')).toBe(false); // 初三
  });

  it('say once per country and year that a year runs on an estimate, in words an operator can act on', async () => {
    const notices: CalendarNotice[] = [];
    const own = calendarRegistry({ onNotice: (n) => notices.push(n) });
    for (let i = 0; i < 3; i++) {
      const china = await own.calendar({ country: 'CN' });
      china.isHoliday('2027-02-08');
      china.isHoliday('2027-05-03');
      china.isHoliday('2026-02-16');
    }
    expect(notices.map((n) => n.message)).toEqual(['CN 2027: no official schedule; using the statutory estimate — add journeys/calendars/CN-2027.yaml when the notice is out']);
    expect((await own.coverage('CN', 2026)).source).toBe('official file');
    expect((await own.coverage('IN', 2027)).notice?.message).toMatch(/^IN 2027: no list of Central Government holidays; using date-holidays/);
  });

  it('take an operator’s file for a year the moment it is there: a whole year, or days added to leadflow’s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'leadflow-calendars-'));
    const notices: CalendarNotice[] = [];
    const own = calendarRegistry({ operatorDir: dir, onNotice: (n) => notices.push(n) });
    expect((await own.calendar({ country: 'CN' })).isWorkingDay('2027-02-20')).toBe(false); // a Saturday, by the estimate
    expect(notices).toHaveLength(1);
    await writeFile(join(dir, 'CN-2027.yaml'), 'year: 2027\nholidays:\n  - { name: 春节, from: 2027-02-05, to: 2027-02-11 }\nworkdays:\n  - { date: 2027-02-20, day: sat }\n');
    const china = await own.calendar({ country: 'CN' });
    expect(china.isMakeUpWorkday('2027-02-20')).toBe(true);
    expect(china.isHoliday('2027-02-12')).toBe(false);
    expect(china.isHoliday('2027-05-03')).toBe(false); // the file is the whole year
    expect((await own.coverage('CN', 2027)).source).toBe('operator file');
    expect((await own.coverage('CN', 2027)).notice).toBeUndefined();

    await writeFile(join(dir, 'DE-BE-2027.yaml'), 'year: 2027\nextends: true\nholidays:\n  - { date: 2027-12-24, name: Betriebsferien }\n');
    const berlin = await own.calendar({ region: 'DE-BE' });
    expect(berlin.holidayName('2027-12-24')).toBe('Betriebsferien');
    expect(berlin.isHoliday('2027-03-08')).toBe(true); // the library's regional days stay
  });
});
