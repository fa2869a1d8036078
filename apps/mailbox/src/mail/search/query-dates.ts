import { DateRelation, DateSpec, DateUnit } from './query-ast';

/**
 * Reading the value of before:, after: and date:, following Zimbra's DateQuery.parseDate:
 *   - `today`, `yesterday` (Zimbra rewrites them to -0d and -1d);
 *   - relative `[+-]N[unit]`, unit one of mi/minute(s), h/hour(s), d/day(s), w/week(s),
 *     m/month(s), y/year(s) — note `m` is month and `mi` minute — and no unit means days;
 *   - all digits: milliseconds since the epoch;
 *   - mm/dd/yyyy or m/d/yy: the English-locale short date Zimbra falls back to. We take no
 *     locale from the request, so the other locales' orders (dd.mm.yyyy...) are not read;
 *   - yyyy-mm-dd: not Zimbra's, accepted because it cannot be misread.
 * date: may start with <, >, <= or >=; before: and after: may not (Zimbra refuses those too).
 * Returns null when the text is not a date; the parser turns that into INVALID_DATE.
 */
export function parseDateValue(field: 'before' | 'after' | 'date', raw: string): { relation: DateRelation; date: DateSpec } | null {
  // Zimbra drops one trailing comma so that date:(a, b) lists work.
  let text = raw.endsWith(',') ? raw.slice(0, -1) : raw;
  let relation: DateRelation = field === 'before' ? 'before' : field === 'after' ? 'after' : 'within';
  const comparison = /^(<=|>=|<|>)/.exec(text);
  if (comparison) {
    if (field !== 'date') return null;
    relation = { '<': 'before', '>': 'after', '<=': 'notAfter', '>=': 'notBefore' }[comparison[1] as '<' | '>' | '<=' | '>='] as DateRelation;
    text = text.slice(comparison[1].length);
  }
  const date = parseDateSpec(text);
  return date ? { relation, date } : null;
}

const UNITS: Record<string, DateUnit> = {
  mi: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', week: 'week', weeks: 'week',
  m: 'month', month: 'month', months: 'month',
  y: 'year', year: 'year', years: 'year',
};

function parseDateSpec(text: string): DateSpec | null {
  const lower = text.toLowerCase();
  if (lower === 'today') return { kind: 'relative', amount: 0, unit: 'day' };
  if (lower === 'yesterday') return { kind: 'relative', amount: -1, unit: 'day' };

  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    return Number.isSafeInteger(ms) ? { kind: 'instant', ms } : null;
  }

  const relative = /^([+-])(\d{1,6})([a-z]*)$/.exec(lower);
  if (relative) {
    const unit = relative[3] === '' ? 'day' : UNITS[relative[3]];
    if (!unit) return null;
    const amount = Number(relative[2]) * (relative[1] === '-' ? -1 : 1);
    return { kind: 'relative', amount: amount === 0 ? 0 : amount, unit };
  }

  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (us) return calendarDay(Number(us[3]), Number(us[1]), Number(us[2]), us[3].length === 2);

  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]), false);

  return null;
}

/** Zimbra parses dates non-leniently, so 2/30/2024 is an error rather than March 1st. */
function calendarDay(year: number, month: number, day: number, twoDigitYear: boolean): DateSpec | null {
  if (month < 1 || month > 12 || day < 1) return null;
  // With a two-digit year the leap day is checked against a leap year (2000); the compiler
  // picks the century and rejects nothing more, as a mismatch there is vanishingly rare.
  const daysInMonth = new Date(Date.UTC(twoDigitYear ? 2000 : year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return { kind: 'day', year, month, day, twoDigitYear };
}
