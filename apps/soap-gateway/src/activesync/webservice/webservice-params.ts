import { PhpObject } from '@gw/soap-encoded';
import { WebserviceFault } from './webservice-access';

/**
 * The parameters of a webservice call, read as Z-Push reads them: PHP's loose scalars, ids
 * reduced to letters and digits, numbers to their digits.
 */

/** A scalar parameter as PHP would use it in a string context. */
export function stringParam(value: unknown, name: string): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  throw new WebserviceFault(`Parameter ${name} must be a string`);
}

/** Z-Push's `preg_replace("/[^A-Za-z0-9]/", "", $id)` for device and folder ids. */
export function idParam(value: unknown, name: string): string {
  return stringParam(value, name).replace(/[^A-Za-z0-9]/g, '');
}

/** Z-Push's `preg_replace("/[^0-9]/", "", $n)` for folder types and flags; nothing left is `fallback`. */
export function digitsParam(value: unknown, name: string, fallback: number): number {
  const digits = stringParam(value, name).replace(/[^0-9]/g, '');
  if (!digits) return fallback;
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new WebserviceFault(`Parameter ${name} is out of range: ${digits}`);
  return n;
}

/** PHP truthiness. */
export function boolParam(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** SetDeviceOptions' `$filtertype`: a number, or false (or nothing) to leave it as it is. */
export function filterTypeParam(value: unknown): number | undefined {
  if (value === null || value === undefined || value === false || value === '') return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d{1,9}\s*$/.test(value)) return Number(value);
  throw new WebserviceFault(`Invalid filter type: ${typeof value === 'string' ? `'${value}'` : typeof value}`);
}

/** A PHP array of named values (an associative array or an object). */
export function recordParam(value: unknown, name: string): Record<string, unknown> {
  if (value instanceof PhpObject || (typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value))) {
    return value as Record<string, unknown>;
  }
  throw new WebserviceFault(`Parameter ${name} must be an array of named values`);
}

/** A PHP list (or an associative array, whose values are taken in order). */
export function listParam(value: unknown, name: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined || value === '') return [];
  if (typeof value === 'object' && !Buffer.isBuffer(value)) return Object.values(value as Record<string, unknown>);
  throw new WebserviceFault(`Parameter ${name} must be an array`);
}

/** A named value of a record, when present. */
export const field = (record: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);
