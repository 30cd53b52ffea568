import { describe, expect, it } from 'vitest';
import { occasionSchema } from '../domain/care-schema.js';
import { birthdayDate, DEFAULT_BIRTHDAY_RULES, occasionDate } from './care-dates.js';
import { leapMonthOf, lunarNewYearsEve } from './lunar.js';

describe('birthdays and occasions on the right day', () => {
  it('keeps 29 February on 28 February in common years, or on 1 March when configured', () => {
    expect(birthdayDate('1992-02-29', 2028)).toBe('2028-02-29');
    expect(birthdayDate('02-29', 2027)).toBe('2027-02-28');
    expect(birthdayDate('02-29', 2027, { ...DEFAULT_BIRTHDAY_RULES, feb29: 'mar1' })).toBe('2027-03-01');
    expect(birthdayDate('12-31', 2026)).toBe('2026-12-31');
  });

  it('puts a lunar birthday on its lunar date each lunar year', () => {
    // 八月十五: Mid-Autumn day, a different Gregorian date every year.
    expect([2027, 2028, 2029].map((y) => birthdayDate({ calendar: 'chinese', month: 8, day: 15 }, y))).toEqual(['2027-09-15', '2028-10-03', '2029-09-22']);
  });

  it('celebrates a leap-month birthday in the leap month when the year has it, else in the regular month', () => {
    const born = { calendar: 'chinese' as const, month: 6, day: 10, leap: true }; // 闰六月初十, as in 2025
    expect(leapMonthOf(2025)).toBe(6);
    expect(birthdayDate(born, 2025)).toBe('2025-08-03'); // 闰六月初十
    expect(birthdayDate(born, 2026)).toBe(birthdayDate({ calendar: 'chinese', month: 6, day: 10 }, 2026)); // no leap month: 六月初十
    expect(birthdayDate(born, 2025, { ...DEFAULT_BIRTHDAY_RULES, leapMonth: 'regular' })).toBe('2025-07-04'); // 六月初十
  });

  it('moves day 30 to the last day of a 29-day month, or to the next day 1 when configured', () => {
    const born = { calendar: 'chinese' as const, month: 12, day: 30 };
    expect(birthdayDate(born, 2026)).toBe('2027-02-05'); // month 12 of 2026 has 29 days: 除夕
    expect(birthdayDate(born, 2026, { ...DEFAULT_BIRTHDAY_RULES, day30: 'nextDay1' })).toBe('2027-02-06');
    expect(birthdayDate(born, 2029)).toBe('2030-02-02'); // a 30-day month 12
  });

  it('finds 除夕 as lunar 12-30, solar terms, and days before', () => {
    const eve = occasionSchema.parse({ key: 'eve', template: 'eve', lunar: '12-30' });
    for (const year of [2026, 2027, 2028, 2029]) expect(occasionDate(eve, year)).toBe(lunarNewYearsEve(year + 1));
    expect(occasionDate(occasionSchema.parse({ key: 'q', template: 'q', term: '清明' }), 2027)).toBe('2027-04-05');
    expect(occasionDate(occasionSchema.parse({ key: 'x', template: 'x', date: '12-25', daysBefore: 1 }), 2027)).toBe('2027-12-24');
    expect(occasionDate(occasionSchema.parse({ key: 'l', template: 'l', date: '02-29' }), 2027)).toBeUndefined();
  });
});
