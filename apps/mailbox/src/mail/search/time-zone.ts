import { DomainError, ErrorCode } from '@gw/contracts';

/**
 * The user's time zone, for turning "3/1/2024" or "yesterday" into instants: Zimbra compares
 * whole days in the zone the client sends with SearchRequest (<tz>), UTC when it sends none.
 */
export interface Zone {
  /** Minutes east of UTC in effect at the instant. */
  offsetAt(ms: number): number;
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const UTC: Zone = { offsetAt: () => 0 };

/**
 * A zone from an IANA name ("Europe/Berlin"), a fixed offset ("+02:00", "-0530", "UTC+1") or
 * nothing (UTC). Old Zimbra accounts may still hold the legacy ids of zimbraPrefTimeZoneId,
 * "(GMT-05.00) Eastern Time (US & Canada)": those are read as their standard offset, which is
 * off by an hour in summer but better than refusing. An unknown name is the caller's mistake,
 * reported as INVALID_REQUEST.
 */
export function zoneOf(timeZone?: string): Zone {
  const name = timeZone?.trim();
  if (!name || /^(utc|gmt|z)$/i.test(name)) return UTC;
  const fixed = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(name) ?? /^\(gmt([+-])(\d{2})\.(\d{2})\)/i.exec(name);
  if (fixed) {
    const minutes = (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) * (fixed[1] === '-' ? -1 : 1);
    if (Math.abs(minutes) > 18 * 60) throw badZone(name);
    return { offsetAt: () => minutes };
  }
  return ianaZone(name);
}

const badZone = (name: string) => new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: unknown time zone ${JSON.stringify(name)}`);

function ianaZone(name: string): Zone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw badZone(name);
  }
  return {
    offsetAt(ms: number): number {
      // The wall clock read as if it were UTC, minus the instant, is the offset.
      const parts: Record<string, number> = {};
      for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
      return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
    },
  };
}

/** What a clock on the wall in `zone` shows at the instant. */
export function wallClock(zone: Zone, ms: number): WallClock {
  const d = new Date(ms + zone.offsetAt(ms) * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * The instant the local day starts. Day and month may overflow (day 32, month 13) and are
 * carried like Date.UTC does, which is what calendar arithmetic wants. Two passes settle the
 * offset when the day starts on the other side of a DST change than the first guess.
 */
export function startOfLocalDay(zone: Zone, year: number, month: number, day: number): number {
  const wall = utcDate(year, month, day);
  let ms = wall - zone.offsetAt(wall) * 60000;
  ms = wall - zone.offsetAt(ms) * 60000;
  return ms;
}

/** Date.UTC without its habit of reading years 0-99 as 19xx. */
function utcDate(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}
