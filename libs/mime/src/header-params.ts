import { decodeText } from './charset';
import { decodeEncodedWords } from './encoded-words';

/** A header value with parameters: `text/plain; charset="utf-8"` or `attachment; filename=a.pdf`. */
export interface StructuredValue {
  /** The part before the first `;`, trimmed, lower case. */
  value: string;
  /** Parameter names lower case; RFC 2231 continuations joined and decoded, encoded words decoded. */
  params: Record<string, string>;
}

export function parseStructuredValue(header: string | undefined): StructuredValue {
  const [first = '', ...rest] = splitOutsideQuotes(header ?? '');
  const raw: [string, string][] = [];
  for (const segment of rest) {
    const eq = segment.indexOf('=');
    if (eq <= 0) continue;
    raw.push([segment.slice(0, eq).trim().toLowerCase(), unquote(segment.slice(eq + 1).trim())]);
  }
  return { value: first.trim().toLowerCase(), params: combineParams(raw) };
}

/** Splits on `;` that are not inside a quoted string. */
function splitOutsideQuotes(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      segments.push(current);
      current = '';
    } else current += c;
  }
  segments.push(current);
  return segments;
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) out += value[++i];
    else if (c === '"') break;
    else out += c;
  }
  return out;
}

interface Section {
  index: number;
  encoded: boolean;
  value: string;
}

/**
 * RFC 2231: `name*=charset'lang'%XX..` is percent-encoded, `name*0=..; name*1=..` are pieces of
 * one value (`name*0*=` both). An extended value wins over a plain one of the same name. Plain
 * values often carry RFC 2047 encoded words although the RFC forbids it (Outlook, Gmail filenames).
 */
function combineParams(raw: [string, string][]): Record<string, string> {
  const params: Record<string, string> = {};
  const extended = new Map<string, Section[]>();
  for (const [name, value] of raw) {
    const match = /^(.+?)\*(\d+)?(\*)?$/.exec(name);
    if (!match) {
      params[name] ??= decodeEncodedWords(value);
      continue;
    }
    const [, base, index, star] = match;
    const sections = extended.get(base) ?? [];
    sections.push({ index: index === undefined ? 0 : Number(index), encoded: index === undefined || star !== undefined, value });
    extended.set(base, sections);
  }
  for (const [name, sections] of extended) params[name] = joinSections(sections.sort((a, b) => a.index - b.index));
  return params;
}

function joinSections(sections: Section[]): string {
  let charset = '';
  const bytes: Buffer[] = [];
  sections.forEach((section, i) => {
    let value = section.value;
    if (i === 0 && section.encoded) {
      const parts = /^([^']*)'[^']*'(.*)$/.exec(value);
      if (parts) [, charset, value] = parts;
    }
    bytes.push(section.encoded ? percentDecode(value) : Buffer.from(value, 'utf8'));
  });
  return decodeText(Buffer.concat(bytes), charset || 'utf-8');
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], 'utf8'));
  }
  return Buffer.from(bytes);
}
