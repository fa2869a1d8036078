import { DateSpec } from './query-ast';
import { startOfLocalDay, wallClock, Zone } from './time-zone';

/** The span a date names: [start, end) in ms since the epoch. */
export interface DateSpan {
  start: number;
  end: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The span a parsed date names, as Zimbra's DateQuery computes it: a calendar day is that whole
 * local day; a relative date is one whole unit, counted from the start of the current unit
 * ("-1day" is all of yesterday, "-2weeks" the whole week before last, "0month" this month);
 * an instant is that second.
 */
export function dateSpan(spec: DateSpec, now: Date, zone: Zone): DateSpan {
  if (spec.kind === 'instant') return { start: spec.ms, end: spec.ms + 1000 };
  if (spec.kind === 'day') {
    const year = spec.twoDigitYear ? fullYear(spec.year, now, zone) : spec.year;
    return {
      start: startOfLocalDay(zone, year, spec.month, spec.day),
      end: startOfLocalDay(zone, year, spec.month, spec.day + 1),
    };
  }
  return relativeSpan(spec.amount, spec.unit, now.getTime(), zone);
}

function relativeSpan(amount: number, unit: Extract<DateSpec, { kind: 'relative' }>['unit'], now: number, zone: Zone): DateSpan {
  const today = wallClock(zone, now);
  switch (unit) {
    case 'minute': {
      const start = Math.floor(now / MINUTE) * MINUTE + amount * MINUTE;
      return { start, end: start + MINUTE };
    }
    case 'hour': {
      // Truncate on the wall clock, so a +05:30 zone's hours start at :00 local time.
      const start = Math.floor(now / 1000) * 1000 - (today.minute * 60 + today.second) * 1000 + amount * HOUR;
      return { start, end: start + HOUR };
    }
    case 'day':
      return localDays(zone, today.year, today.month, today.day + amount, 1);
    case 'week':
      // Weeks start on Sunday: Zimbra uses the JVM's default (en_US) first day of the week.
      return localDays(zone, today.year, today.month, today.day - today.weekday + 7 * amount, 7);
    case 'month':
      return {
        start: startOfLocalDay(zone, today.year, today.month + amount, 1),
        end: startOfLocalDay(zone, today.year, today.month + amount + 1, 1),
      };
    case 'year':
      return {
        start: startOfLocalDay(zone, today.year + amount, 1, 1),
        end: startOfLocalDay(zone, today.year + amount + 1, 1, 1),
      };
  }
}

function localDays(zone: Zone, year: number, month: number, day: number, days: number): DateSpan {
  return { start: startOfLocalDay(zone, year, month, day), end: startOfLocalDay(zone, year, month, day + days) };
}

/**
 * A two-digit year the way Java's SimpleDateFormat reads it (Zimbra parses with it): the year
 * in the window from 80 years before now to 20 years after.
 */
function fullYear(twoDigits: number, now: Date, zone: Zone): number {
  const current = wallClock(zone, now.getTime()).year;
  let year = Math.floor((current - 80) / 100) * 100 + twoDigits;
  if (year < current - 80) year += 100;
  return year;
}
