import { endBeforeLineBreak, lineAt } from './lines';

const DASH = 0x2d;

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The body parts of a multipart body at [start, end): the ranges between `--boundary` lines,
 * preamble and epilogue dropped. The line break before a delimiter belongs to the delimiter
 * (RFC 2046 §5.1.1), not to the part. A body cut off before its closing delimiter keeps
 * everything after the last delimiter as its final part.
 */
export function splitMultipart(source: Buffer, start: number, end: number, boundary: string): ByteRange[] {
  const delimiter = Buffer.from(`--${boundary}`, 'utf8');
  const parts: ByteRange[] = [];
  let partStart = -1;
  let pos = start;
  while (pos < end) {
    const { contentEnd, next } = lineAt(source, pos, end);
    const kind = delimiterKind(source, pos, contentEnd, delimiter);
    if (kind) {
      if (partStart !== -1) parts.push({ start: partStart, end: endBeforeLineBreak(source, pos, partStart) });
      if (kind === 'close') return parts;
      partStart = next;
    }
    pos = next;
  }
  if (partStart !== -1 && partStart < end) parts.push({ start: partStart, end });
  return parts;
}

/** "--boundary" opens a part, "--boundary--" closes the multipart; trailing whitespace is allowed. */
function delimiterKind(source: Buffer, start: number, end: number, delimiter: Buffer): 'open' | 'close' | undefined {
  if (end - start < delimiter.length || source[start] !== DASH || source[start + 1] !== DASH) return undefined;
  if (source.compare(delimiter, 0, delimiter.length, start, start + delimiter.length) !== 0) return undefined;
  let rest = source.subarray(start + delimiter.length, end).toString('latin1');
  const close = rest.startsWith('--');
  if (close) rest = rest.slice(2);
  return /^[ \t]*$/.test(rest) ? (close ? 'close' : 'open') : undefined;
}
