// date-chinese ships types that its package "exports" map hides; the tests use this much of it.
declare module 'date-chinese' {
  export class CalendarChinese {
    fromGregorian(year: number, month: number, day: number): this;
    get(): [cycle: number, year: number, month: number, leap: boolean, day: number];
  }
}
