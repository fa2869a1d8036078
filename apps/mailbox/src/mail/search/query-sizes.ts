import { SizeTerm } from './query-ast';

const MULTIPLIERS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * The value of larger:, smaller: and size:, as Zimbra's SizeQuery reads it: digits, then an
 * optional k/m/g and an optional b, case-insensitive (10kb, 10k, 1M, 500, 500b), in powers of
 * 1024. A leading > or < overrides the operator; a following = makes it inclusive, which Zimbra
 * does by moving the bound one byte (size:>=10 is size > 9). Returns null for anything else.
 */
export function parseSizeValue(field: 'larger' | 'smaller' | 'size', raw: string): Omit<SizeTerm, 'kind'> | null {
  const m = /^([<>]?)(=?)(\d{1,15})([kmg]?)b?$/i.exec(raw);
  if (!m) return null;
  const [, comparison, inclusive, digits, unit] = m;
  const relation: SizeTerm['relation'] =
    comparison === '>' ? 'gt' : comparison === '<' ? 'lt' : field === 'larger' ? 'gt' : field === 'smaller' ? 'lt' : 'eq';
  let bytes = Number(digits) * MULTIPLIERS[unit.toLowerCase()];
  if (!Number.isSafeInteger(bytes)) return null;
  if (inclusive) {
    if (relation === 'gt') bytes -= 1;
    else if (relation === 'lt') bytes += 1;
  }
  return { relation, bytes };
}
