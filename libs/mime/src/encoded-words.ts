import { decodeText } from './charset';

/** `=?charset[*language]?B|Q?text?=` (RFC 2047, language suffix from RFC 2231). */
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words in a header value. Whitespace between two encoded words is
 * dropped (§6.2), and the bytes of adjacent words in one charset are joined before decoding,
 * because senders split multi-byte characters across words.
 */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  let out = '';
  let last = 0;
  let run: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (run) out += decodeText(Buffer.concat(run.bytes), run.charset);
    run = undefined;
  };
  for (const match of text.matchAll(ENCODED_WORD)) {
    const between = text.slice(last, match.index);
    if (run && /\S/.test(between)) flush();
    if (!run) out += between;
    const charset = match[1].toLowerCase();
    if (run && run.charset !== charset) flush();
    run ??= { charset, bytes: [] };
    run.bytes.push(decodeWord(match[2], match[3]));
    last = match.index + match[0].length;
  }
  flush();
  return out + text.slice(last);
}

function decodeWord(encoding: string, text: string): Buffer {
  if (encoding === 'b' || encoding === 'B') return Buffer.from(text, 'base64');
  // Q: "_" is a space, "=XX" a byte, anything else itself.
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}
