import { types as pgTypes, type CustomTypesConfig } from 'pg';

/**
 * One rule for values read back, whichever back end runs the SQL (the drivers disagree by default):
 *
 * - int8/bigint (also `count(*)`, `sum()` of integers, bigserial): a decimal string, int8[] a
 *   string[]. node-postgres does this already; PGlite would return a number when small and a
 *   bigint when large, which breaks equality checks only sometimes. Callers convert:
 *   `BigInt(row.position)`, `Number(row.count)`. Strings are lossless and JSON-safe.
 * - numeric: a string (both drivers already). int2/int4/float: numbers.
 * - json/jsonb: parsed values. Pass JSON parameters as `JSON.stringify(value)`: node-postgres
 *   would send a JS array as a PostgreSQL array literal, PGlite as JSON.
 * - timestamptz: a Date. timestamp (without time zone) and date: a Date read as UTC, so the
 *   result does not depend on the Node process's time zone. ±infinity: ±Infinity.
 * - interval: its text form ('1 day 02:00:00'), not node-postgres's interval object.
 * - bytea: a Uint8Array (a Buffer on PostgreSQL). Other types: whatever the driver returns.
 *
 * Parameters: bigint values may be passed directly; both drivers send them as text.
 */
type TextParser = (text: string) => unknown;

const asText: TextParser = (text) => text;

function infinity(text: string): number | undefined {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  return undefined;
}

/** Falls back to the text for values JavaScript dates cannot hold (BC, far future). */
function utcDate(iso: string, text: string): Date | string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date;
}

const dateAsUtc: TextParser = (text) => infinity(text) ?? utcDate(`${text}T00:00:00Z`, text);
const timestampAsUtc: TextParser = (text) => infinity(text) ?? utcDate(`${text.replace(' ', 'T')}Z`, text);

const OID = { int8: 20, date: 1082, timestamp: 1114, interval: 1186 } as const;

/** Overrides both drivers need. */
const shared: Record<number, TextParser> = {
  [OID.date]: dateAsUtc,
  [OID.timestamp]: timestampAsUtc,
  [OID.interval]: asText,
};

/** For `PGlite.create({ parsers })`; PGlite's array parsing reuses these for the element type. */
export const pgliteParsers: Record<number, TextParser> = { ...shared, [OID.int8]: asText };

/** For a node-postgres Pool's `types`: scoped to our pools, not pg's process-wide registry. */
export const postgresTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && shared[oid]
      ? shared[oid]
      : pgTypes.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
};
