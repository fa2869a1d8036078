/** One part of a multipart/form-data body (RFC 7578): a field, or a file when it has a filename. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  content: Buffer;
}

export class MalformedMultipartError extends Error {}

const MAX_PARTS = 1000;

/** The boundary parameter of a multipart Content-Type, unquoted. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** `name="x"; filename="y"` parameters of a Content-Disposition, RFC 5987 `filename*` included. */
function dispositionParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = m[1].toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
    if (key.endsWith('*')) {
      const ext = /^[^']*'[^']*'(.*)$/.exec(v);
      try {
        v = decodeURIComponent(ext ? ext[1] : v);
      } catch {
        /* keep it as sent */
      }
      params[key.slice(0, -1)] = v;
    } else if (!(key in params)) params[key] = v;
  }
  return params;
}

/**
 * Splits a buffered multipart/form-data body. The body is already size-limited by the caller,
 * so reading it whole is bounded; a body without a closing delimiter or a part without a name
 * is refused rather than guessed at.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MalformedMultipartError('no multipart boundary in body');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    // Skip transport padding and the CRLF after the delimiter.
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0) throw new MalformedMultipartError('truncated multipart body');
    const start = lineEnd + 2;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), start);
    if (next < 0) throw new MalformedMultipartError('multipart body without closing delimiter');
    parts.push(parsePart(body.subarray(start, next)));
    if (parts.length > MAX_PARTS) throw new MalformedMultipartError('too many multipart parts');
    pos = next + 2;
  }
}

function parsePart(raw: Buffer): FormPart {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const head = headerEnd < 0 ? raw.toString('utf8') : raw.subarray(0, headerEnd).toString('utf8');
  const content = headerEnd < 0 ? Buffer.alloc(0) : raw.subarray(headerEnd + 4);
  let disposition: Record<string, string> | undefined;
  let contentType: string | undefined;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'content-disposition') disposition = dispositionParams(`;${value.replace(/^[^;]*/, '')}`);
    else if (field === 'content-type') contentType = value;
  }
  if (!disposition?.name) throw new MalformedMultipartError('multipart part without a field name');
  return {
    name: disposition.name,
    ...(disposition.filename !== undefined ? { filename: disposition.filename } : {}),
    ...(contentType ? { contentType } : {}),
    content,
  };
}
