// Dates name spans of time in the user's zone: whole local days for mm/dd/yyyy, whole units
// counted from the start of the current one for relative dates.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@gw/contracts';
import { dateSpan } from '../../src/mail/search/date-range';
import { DateSpec } from '../../src/mail/search/query-ast';
import { startOfLocalDay, zoneOf } from '../../src/mail/search/time-zone';

const NOW = new Date('2024-03-15T10:00:00Z'); // a Friday
const iso = (ms: number) => new Date(ms).toISOString();
const span = (spec: DateSpec, timeZone?: string, now = NOW) => {
  const { start, end } = dateSpan(spec, now, zoneOf(timeZone));
  return [iso(start), iso(end)];
};
const day = (year: number, month: number, d: number, twoDigitYear = false): DateSpec => ({ kind: 'day', year, month, day: d, twoDigitYear });
const rel = (amount: number, unit: Extract<DateSpec, { kind: 'relative' }>['unit']): DateSpec => ({ kind: 'relative', amount, unit });

describe('time zones', () => {
  it('reads UTC, fixed offsets and IANA names', () => {
    const jan = Date.parse('2024-01-15T12:00:00Z');
    const jul = Date.parse('2024-07-15T12:00:00Z');
    assert.equal(zoneOf(undefined).offsetAt(jan), 0);
    assert.equal(zoneOf('UTC').offsetAt(jan), 0);
    assert.equal(zoneOf('+02:00').offsetAt(jan), 120);
    assert.equal(zoneOf('-0530').offsetAt(jan), -330);
    assert.equal(zoneOf('GMT+1').offsetAt(jan), 60);
    assert.equal(zoneOf('Europe/Berlin').offsetAt(jan), 60);
    assert.equal(zoneOf('Europe/Berlin').offsetAt(jul), 120);
    assert.equal(zoneOf('America/New_York').offsetAt(jul), -240);
    assert.equal(zoneOf('Asia/Kolkata').offsetAt(jan), 330);
  });

  it('reads the legacy Zimbra ids of zimbraPrefTimeZoneId as their standard offset', () => {
    const jul = Date.parse('2024-07-15T12:00:00Z');
    assert.equal(zoneOf('(GMT-05.00) Eastern Time (US & Canada)').offsetAt(jul), -300);
    assert.equal(zoneOf('(GMT+05.30) Chennai / Kolkata / Mumbai / New Delhi').offsetAt(jul), 330);
    assert.equal(zoneOf('(GMT-04.30) Caracas').offsetAt(jul), -270);
  });

  it('refuses an unknown zone as an invalid request', () => {
    for (const tz of ['Mars/Olympus', '+25:00', 'nonsense']) {
      assert.throws(() => zoneOf(tz), (e: unknown) => e instanceof DomainError && e.code === 'service.INVALID_REQUEST', tz);
    }
  });

  it('finds the start of a local day, also on DST change days', () => {
    const berlin = zoneOf('Europe/Berlin');
    assert.equal(iso(startOfLocalDay(berlin, 2024, 3, 14)), '2024-03-13T23:00:00.000Z');
    assert.equal(iso(startOfLocalDay(berlin, 2024, 3, 31)), '2024-03-30T23:00:00.000Z'); // the 23-hour day
    assert.equal(iso(startOfLocalDay(berlin, 2024, 4, 1)), '2024-03-31T22:00:00.000Z');
    assert.equal(iso(startOfLocalDay(berlin, 2024, 10, 27)), '2024-10-26T22:00:00.000Z'); // the 25-hour day
    assert.equal(iso(startOfLocalDay(berlin, 2024, 10, 28)), '2024-10-27T23:00:00.000Z');
    assert.equal(iso(startOfLocalDay(zoneOf(), 2024, 13, 1)), '2025-01-01T00:00:00.000Z'); // carried
  });
});

describe('date spans', () => {
  it('is a whole day for a calendar date, in the given zone', () => {
    assert.deepEqual(span(day(2024, 3, 14)), ['2024-03-14T00:00:00.000Z', '2024-03-15T00:00:00.000Z']);
    assert.deepEqual(span(day(2024, 3, 14), 'Europe/Berlin'), ['2024-03-13T23:00:00.000Z', '2024-03-14T23:00:00.000Z']);
    assert.deepEqual(span(day(2024, 3, 14), '-05:00'), ['2024-03-14T05:00:00.000Z', '2024-03-15T05:00:00.000Z']);
    assert.deepEqual(span(day(2024, 3, 31), 'Europe/Berlin'), ['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
    assert.deepEqual(span(day(2024, 12, 31)), ['2024-12-31T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('reads two-digit years in the window 80 years back to 20 ahead, like Java', () => {
    assert.equal(span(day(24, 3, 1, true))[0], '2024-03-01T00:00:00.000Z');
    assert.equal(span(day(30, 3, 1, true))[0], '2030-03-01T00:00:00.000Z');
    assert.equal(span(day(99, 3, 1, true))[0], '1999-03-01T00:00:00.000Z');
    assert.equal(span(day(50, 3, 1, true))[0], '1950-03-01T00:00:00.000Z');
  });

  it('counts relative days from the start of today', () => {
    assert.deepEqual(span(rel(0, 'day')), ['2024-03-15T00:00:00.000Z', '2024-03-16T00:00:00.000Z']);
    assert.deepEqual(span(rel(-1, 'day')), ['2024-03-14T00:00:00.000Z', '2024-03-15T00:00:00.000Z']);
    assert.deepEqual(span(rel(1, 'day')), ['2024-03-16T00:00:00.000Z', '2024-03-17T00:00:00.000Z']);
    assert.deepEqual(span(rel(-15, 'day')), ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    // at 10:00Z it is already the 16th in Auckland (+13:00)
    assert.deepEqual(span(rel(0, 'day'), 'Pacific/Auckland', new Date('2024-03-15T12:00:00Z')), ['2024-03-15T11:00:00.000Z', '2024-03-16T11:00:00.000Z']);
  });

  it('counts weeks from Sunday, months from the 1st, years from January 1st', () => {
    assert.deepEqual(span(rel(0, 'week')), ['2024-03-10T00:00:00.000Z', '2024-03-17T00:00:00.000Z']);
    assert.deepEqual(span(rel(-2, 'week')), ['2024-02-25T00:00:00.000Z', '2024-03-03T00:00:00.000Z']);
    assert.deepEqual(span(rel(-1, 'month')), ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    assert.deepEqual(span(rel(-3, 'month')), ['2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    assert.deepEqual(span(rel(10, 'month')), ['2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z']);
    assert.deepEqual(span(rel(-1, 'year')), ['2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    assert.deepEqual(span(rel(-1, 'month'), 'Europe/Berlin'), ['2024-01-31T23:00:00.000Z', '2024-02-29T23:00:00.000Z']);
  });

  it('counts hours and minutes from the current one on the local clock', () => {
    const now = new Date('2024-03-15T10:17:42.123Z');
    assert.deepEqual(span(rel(-4, 'hour'), undefined, now), ['2024-03-15T06:00:00.000Z', '2024-03-15T07:00:00.000Z']);
    // 15:47 in Kolkata (+05:30): this hour began at 15:00 local, 09:30Z
    assert.deepEqual(span(rel(0, 'hour'), 'Asia/Kolkata', now), ['2024-03-15T09:30:00.000Z', '2024-03-15T10:30:00.000Z']);
    assert.deepEqual(span(rel(-5, 'minute'), undefined, now), ['2024-03-15T10:12:00.000Z', '2024-03-15T10:13:00.000Z']);
  });

  it('is one second for an epoch instant', () => {
    assert.deepEqual(span({ kind: 'instant', ms: 1710461400000 }), ['2024-03-15T00:10:00.000Z', '2024-03-15T00:10:01.000Z']);
  });
});
