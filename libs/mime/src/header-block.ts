import { decodeUndeclared } from './charset';
import { lineAt } from './lines';
import type { HeaderField } from './types';

const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

export interface HeaderBlock {
  fields: HeaderField[];
  bodyStart: number;
}

/**
 * Reads the header fields of the entity at [start, end) of `source`, unfolding continuation
 * lines (the line break goes, the whitespace stays). The block ends at the first empty line, as
 * for JavaMail and mailparser; a line that is neither a field nor a continuation is skipped.
 * Only when the very first line is no field does the entity have no header block at all: that
 * is a part whose content starts right after its boundary.
 */
export function readHeaderBlock(source: Buffer, start: number, end: number): HeaderBlock {
  const fields: { name: string; value: Buffer[] }[] = [];
  const done = (bodyStart: number): HeaderBlock => ({
    fields: fields.map(({ name, value }) => ({ name, value: decodeUndeclared(Buffer.concat(value)).trim() })),
    bodyStart,
  });
  let pos = start;
  while (pos < end) {
    const { contentEnd, next } = lineAt(source, pos, end);
    if (contentEnd === pos) return done(next);
    const first = source[pos];
    if ((first === SP || first === HT) && fields.length > 0) {
      fields[fields.length - 1].value.push(source.subarray(pos, contentEnd));
    } else if (pos === start && source.subarray(pos, pos + 5).toString('latin1') === 'From ') {
      // An mbox separator line ("From sender date") in front of the message: not a field.
    } else {
      const name = fieldName(source, pos, contentEnd);
      if (name !== undefined) {
        fields.push({ name: name.trimEnd(), value: [source.subarray(pos + name.length + 1, contentEnd)] });
      } else if (pos === start) {
        return done(pos);
      }
    }
    pos = next;
  }
  return done(end);
}

/** The text before the colon when the line is a header field (printable, no inner spaces), else undefined. */
function fieldName(source: Buffer, start: number, end: number): string | undefined {
  const colon = source.subarray(start, end).indexOf(COLON);
  if (colon <= 0) return undefined;
  const name = source.subarray(start, start + colon).toString('latin1');
  // "Subject :" (space before the colon) is tolerated; a space inside the name is not a field.
  return /^[!-9;-~]+[ \t]*$/.test(name) ? name : undefined;
}

/** The first field with this name (case-insensitive). */
export function headerValue(fields: HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === lower)?.value;
}
