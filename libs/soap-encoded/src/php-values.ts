/*
 * How PHP values map to JavaScript, both ways.
 *
 *   PHP                         JavaScript
 *   string                      string
 *   int                         number (a safe integer), or bigint when rendering
 *   float                       number (not a safe integer), or PhpFloat to force a float
 *   bool / null                 boolean / null (undefined renders as null too)
 *   array, keys 0..n-1          Array
 *   array, other keys           plain object (or Map, which keeps order and integer keys)
 *   object (stdClass, ...)      PhpObject, or any other class instance when rendering
 */

/** A PHP object: SOAP-ENC:Struct on the wire. Its own enumerable properties are the object's. */
export class PhpObject {
  [property: string]: unknown;

  constructor(properties: Record<string, unknown> = {}) {
    for (const [k, v] of Object.entries(properties)) setOwn(this, k, v);
  }
}

/** Shorthand for `new PhpObject(properties)`. */
export function phpObject(properties: Record<string, unknown> = {}): PhpObject {
  return new PhpObject(properties);
}

/** A number that PHP must see as a float even when it is whole (3.0 is `xsd:float` "3"). */
export class PhpFloat {
  constructor(readonly value: number) {}
}

export function phpFloat(value: number): PhpFloat {
  return new PhpFloat(value);
}

export type PhpKey = number | string;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * PHP array key normalisation: a string that is a canonical decimal integer in the int64 range
 * ("5", "-3"; not "05", "+5", "-0") is an integer key. Returns a number for safe integers and
 * keeps the decimal string as the key text otherwise (it still renders as xsd:int).
 */
export function phpKey(key: PhpKey): PhpKey {
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key)) throw new TypeError(`a PHP array key must be an integer or a string, not ${key}`);
    return key;
  }
  if (/^(0|-?[1-9][0-9]*)$/.test(key)) {
    const n = Number(key);
    if (Number.isSafeInteger(n)) return n;
  }
  return key;
}

/** Whether a key (after phpKey) is an integer key: xsd:int in a Map. */
export function isIntKey(key: PhpKey): boolean {
  if (typeof key === 'number') return true;
  if (!/^(0|-[1-9][0-9]*|[1-9][0-9]*)$/.test(key)) return false;
  const n = BigInt(key);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/**
 * The entries of the PHP array a JavaScript array, plain object or Map stands for, after key
 * normalisation (a later duplicate overwrites in place, as in PHP). undefined for anything else.
 */
export function phpArrayEntries(value: unknown): Array<[PhpKey, unknown]> | undefined {
  if (Array.isArray(value)) {
    const entries: Array<[PhpKey, unknown]> = [];
    // Own index keys, so a sparse array keeps its holes (and then is not a list).
    for (const k of Object.keys(value)) if (/^(0|[1-9][0-9]*)$/.test(k)) entries.push([Number(k), (value as unknown[])[Number(k)]]);
    return entries;
  }
  let source: Iterable<[unknown, unknown]>;
  if (value instanceof Map) source = value;
  else if (isPlainObject(value)) source = Object.entries(value);
  else return undefined;
  const map = new Map<PhpKey, unknown>();
  const keyOf = new Map<string, PhpKey>();
  for (const [k, v] of source) {
    if (typeof k !== 'string' && typeof k !== 'number') throw new TypeError(`a PHP array key must be an integer or a string, not ${typeof k}`);
    const key = phpKey(k);
    const id = `${typeof key === 'number' || isIntKey(key) ? 'i' : 's'}:${key}`;
    const existing = keyOf.get(id);
    if (existing !== undefined) map.set(existing, v);
    else {
      keyOf.set(id, key);
      map.set(key, v);
    }
  }
  return [...map];
}

/** PHP's notion of a list: keys 0, 1, ..., n-1 in this order. */
export function isList(entries: ReadonlyArray<[PhpKey, unknown]>): boolean {
  return entries.every(([k], i) => k === i);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Assigns without tripping the `__proto__` setter: keys come from the network. */
export function setOwn(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
