import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fixture message. The files are kept with LF line endings to be readable; messages arrive
 * over SMTP with CR LF, so that is the default here.
 */
export function fixture(name: string, lineEndings: 'crlf' | 'lf' = 'crlf'): Buffer {
  const text = readFileSync(join(__dirname, '..', 'fixtures', `${name}.eml`), 'latin1');
  return Buffer.from(lineEndings === 'crlf' ? text.replace(/\r?\n/g, '\r\n') : text, 'latin1');
}

/** The text part of latin1.eml, decoded, line breaks as "\n". */
export const LATIN1_TEXT =
  'Olá Bob,\n\nO preço é 10 £ por café; até amanhã!\n' +
  'Uma linha bem longa que o quoted-printable precisa quebrar porque passa de setenta e seis caracteres.';

/** The bytes of the top-level body (after the first empty line). */
export function bodyOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  return crlf !== -1 ? raw.subarray(crlf + 4) : raw.subarray(raw.indexOf('\n\n') + 2);
}

/** The part tree reduced to names and types, for comparing structure at a glance. */
export function outline(part: { part: string; contentType: string; children?: unknown[] }): unknown {
  const children = (part.children ?? []) as (typeof part)[];
  return children.length > 0 ? [`${part.part} ${part.contentType}`, ...children.map(outline)] : `${part.part} ${part.contentType}`;
}
