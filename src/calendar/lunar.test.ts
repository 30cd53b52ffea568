import chineseDays from 'chinese-days';
import { CalendarChinese } from 'date-chinese';
import { LunarYear } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import { leapMonthOf, LunarDateError, lunarMonthLength, lunarNewYearsEve, lunarToSolar, solarToLunar, springFestival } from './lunar.js';

/**
 * Where date-chinese (Meeus, astronomia) parts from tyme4ts: the official almanac's tables, as
 * chinese-days carries them, side with tyme4ts on every one. 2033 is the "2033 problem": the
 * leap month is 闰十一月, not after month 7. The others start on new moons near Beijing midnight.
 */
const KNOWN_DISAGREEMENTS = ['1906-04-24', '2033-08-25', '2033-09-23', '2033-10-23', '2033-11-22', '2057-09-29'];

describe('the Chinese calendar (tyme4ts)', () => {
  it('starts every lunar month of 1901–2100 where an independent astronomical implementation does, but for the known cases', () => {
    const cal = new CalendarChinese();
    const differences: string[] = [];
    let months = 0;
    for (let year = 1901; year <= 2100; year++) {
      for (const month of LunarYear.fromYear(year).getMonths()) {
        const first = month.getFirstDay().getSolarDay();
        const date = `${first.getYear()}-${String(first.getMonth()).padStart(2, '0')}-${String(first.getDay()).padStart(2, '0')}`;
        cal.fromGregorian(first.getYear(), first.getMonth(), first.getDay());
        const [, , m, leap, day] = cal.get();
        const ours = month.getMonthWithLeap();
        months += 1;
        if (day !== 1 || m !== Math.abs(ours) || leap !== ours < 0) differences.push(date);
      }
    }
    expect(months).toBe(2473);
    expect(differences).toEqual(KNOWN_DISAGREEMENTS);
    for (const date of KNOWN_DISAGREEMENTS) {
      const almanac = chineseDays.getLunarDate(date);
      expect(solarToLunar(date), date).toEqual({ year: almanac.lunarYear, month: almanac.lunarMon, day: almanac.lunarDay, leap: almanac.isLeap });
    }
  });

  it('puts Spring Festival 2027 on Sat 6 Feb and 除夕 on the 29th of month 12', () => {
    expect(springFestival(2027)).toBe('2027-02-06');
    expect(lunarNewYearsEve(2027)).toBe('2027-02-05');
    expect(lunarMonthLength(2026, 12)).toBe(29);
    expect(lunarNewYearsEve(2030)).toBe(lunarToSolar({ year: 2029, month: 12, day: 30 })); // a 30-day month 12
  });

  it('addresses leap months and refuses dates that do not exist', () => {
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2026)).toBe(0);
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    expect(solarToLunar('2025-07-25')).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(() => lunarToSolar({ year: 2026, month: 6, day: 1, leap: true })).toThrow(LunarDateError);
    expect(() => lunarToSolar({ year: 2024, month: 1, day: 30 })).toThrow(LunarDateError);
  });
});
