import { Attrs, DomainError, ErrorCode } from '@gw/contracts';

/** An LDAP search filter (RFC 2254), the query language of SearchDirectory. */
export type LdapFilter =
  | { op: 'and' | 'or'; filters: LdapFilter[] }
  | { op: 'not'; filter: LdapFilter }
  | { op: 'present'; attr: string }
  | { op: 'eq' | 'approx' | 'ge' | 'le'; attr: string; value: string }
  | { op: 'substr'; attr: string; initial?: string; any: string[]; final?: string };

const badQuery = (why: string) => new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid search filter: ${why}`);

const unescape = (v: string) => v.replace(/\\([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export function parseLdapFilter(input: string): LdapFilter | null {
  const text = input.trim();
  if (!text) return null;
  const source = text.startsWith('(') ? text : `(${text})`;
  let pos = 0;
  let depth = 0;

  const parse = (): LdapFilter => {
    if (source[pos] !== '(') throw badQuery(`expected ( at ${pos}`);
    if (++depth > 50) throw badQuery('nested too deeply');
    pos++;
    let result: LdapFilter;
    const c = source[pos];
    if (c === '&' || c === '|') {
      pos++;
      const filters: LdapFilter[] = [];
      while (source[pos] === '(') filters.push(parse());
      result = { op: c === '&' ? 'and' : 'or', filters };
    } else if (c === '!') {
      pos++;
      result = { op: 'not', filter: parse() };
    } else {
      const end = source.indexOf(')', pos);
      if (end < 0) throw badQuery('missing )');
      result = simple(source.slice(pos, end));
      pos = end;
    }
    if (source[pos] !== ')') throw badQuery(`expected ) at ${pos}`);
    pos++;
    depth--;
    return result;
  };

  const simple = (item: string): LdapFilter => {
    const m = /^([A-Za-z][A-Za-z0-9-]*)(~=|>=|<=|=)(.*)$/s.exec(item);
    if (!m) throw badQuery(item);
    const [, attr, operator, raw] = m;
    if (operator === '~=') return { op: 'approx', attr, value: unescape(raw) };
    if (operator === '>=') return { op: 'ge', attr, value: unescape(raw) };
    if (operator === '<=') return { op: 'le', attr, value: unescape(raw) };
    if (raw === '*') return { op: 'present', attr };
    if (raw.includes('*')) {
      const parts = raw.split('*').map(unescape);
      return { op: 'substr', attr, initial: parts[0] || undefined, any: parts.slice(1, -1).filter(Boolean), final: parts.at(-1) || undefined };
    }
    return { op: 'eq', attr, value: unescape(raw) };
  };

  const filter = parse();
  if (pos !== source.length) throw badQuery('trailing characters');
  return filter;
}

function values(attrs: Attrs, name: string): string[] {
  const wanted = name.toLowerCase();
  for (const [key, vals] of Object.entries(attrs)) if (key.toLowerCase() === wanted) return vals;
  return [];
}

function substringMatch(value: string, f: { initial?: string; any: string[]; final?: string }): boolean {
  let v = value.toLowerCase();
  if (f.initial) {
    if (!v.startsWith(f.initial.toLowerCase())) return false;
    v = v.slice(f.initial.length);
  }
  for (const part of f.any) {
    const i = v.indexOf(part.toLowerCase());
    if (i < 0) return false;
    v = v.slice(i + part.length);
  }
  return f.final ? v.endsWith(f.final.toLowerCase()) : true;
}

/** Matches like a directory server with case-insensitive string syntax (what Zimbra's attributes use). */
export function matchesFilter(filter: LdapFilter | null, attrs: Attrs): boolean {
  if (!filter) return true;
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesFilter(f, attrs));
    case 'or':
      return filter.filters.some((f) => matchesFilter(f, attrs));
    case 'not':
      return !matchesFilter(filter.filter, attrs);
    case 'present':
      return values(attrs, filter.attr).length > 0;
    case 'eq':
    case 'approx':
      return values(attrs, filter.attr).some((v) => v.toLowerCase() === filter.value.toLowerCase());
    case 'ge':
      return values(attrs, filter.attr).some((v) => v.toLowerCase() >= filter.value.toLowerCase());
    case 'le':
      return values(attrs, filter.attr).some((v) => v.toLowerCase() <= filter.value.toLowerCase());
    case 'substr':
      return values(attrs, filter.attr).some((v) => substringMatch(v, filter));
  }
}
