import { headerValue, readHeaderBlock } from './header-block';
import { parseStructuredValue } from './header-params';
import { splitMultipart } from './multipart';
import { decodeTransferEncoding } from './transfer-encoding';
import type { HeaderField } from './types';

/** Deeper nesting is treated as an opaque leaf: no real mail nests this far, hostile mail might. */
const MAX_DEPTH = 32;

/** One MIME entity of a raw message and where its bytes are. */
export interface MimeEntity {
  /** The buffer the offsets refer to: the raw message, or the decoded body of an encoded message/rfc822. */
  source: Buffer;
  bodyStart: number;
  end: number;
  headers: HeaderField[];
  /** `type/subtype`, lower case; the default when the header is missing or unusable. */
  contentType: string;
  contentTypeParams: Record<string, string>;
  /** Content-Transfer-Encoding, lower case; '' when absent. */
  transferEncoding: string;
  disposition?: 'inline' | 'attachment';
  filename?: string;
  contentId?: string;
  /** The root of a message: the top level, or the content of a message/rfc822 part. */
  isMessage: boolean;
  /** The parts of a multipart, or the one embedded message of a message/rfc822. */
  children: MimeEntity[];
}

interface Context {
  isMessage: boolean;
  /** text/plain, but message/rfc822 inside multipart/digest (RFC 2046 §5.1.5). */
  defaultType: string;
  depth: number;
}

/** Parses the MIME structure of a raw message. Never throws: malformed input gives a best-effort tree. */
export function parseMimeStructure(raw: Buffer): MimeEntity {
  return parseEntity(raw, 0, raw.length, { isMessage: true, defaultType: 'text/plain', depth: 0 });
}

export function entityBody(entity: MimeEntity): Buffer {
  return entity.source.subarray(entity.bodyStart, entity.end);
}

function parseEntity(source: Buffer, start: number, end: number, context: Context): MimeEntity {
  const { fields, bodyStart } = readHeaderBlock(source, start, end);
  const contentType = parseStructuredValue(headerValue(fields, 'content-type'));
  const disposition = parseStructuredValue(headerValue(fields, 'content-disposition'));
  const entity: MimeEntity = {
    source,
    bodyStart,
    end,
    headers: fields,
    contentType: /^[^\s/]+\/[^\s/]+$/.test(contentType.value) ? contentType.value : context.defaultType,
    contentTypeParams: contentType.params,
    transferEncoding: (headerValue(fields, 'content-transfer-encoding') ?? '').trim().toLowerCase(),
    isMessage: context.isMessage,
    children: [],
  };
  if (disposition.value) entity.disposition = disposition.value === 'inline' ? 'inline' : 'attachment';
  const filename = safeFilename(disposition.params.filename ?? contentType.params.name);
  if (filename) entity.filename = filename;
  const contentId = headerValue(fields, 'content-id')?.trim();
  if (contentId) entity.contentId = contentId;
  if (context.depth < MAX_DEPTH) entity.children = parseChildren(entity, context.depth + 1);
  return entity;
}

function parseChildren(entity: MimeEntity, depth: number): MimeEntity[] {
  const { source, bodyStart, end, contentType } = entity;
  if (contentType.startsWith('multipart/')) {
    const boundary = entity.contentTypeParams.boundary;
    if (!boundary) return [];
    const defaultType = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    return splitMultipart(source, bodyStart, end, boundary).map((range) =>
      parseEntity(source, range.start, range.end, { isMessage: false, defaultType, depth }),
    );
  }
  if (contentType === 'message/rfc822' && end > bodyStart) {
    const context = { isMessage: true, defaultType: 'text/plain', depth };
    // An encoded message/rfc822 is not allowed (RFC 2046 §5.2.1) but is sent; parse what it decodes to.
    if (entity.transferEncoding === 'base64' || entity.transferEncoding === 'quoted-printable') {
      const decoded = decodeTransferEncoding(entityBody(entity), entity.transferEncoding);
      return [parseEntity(decoded, 0, decoded.length, context)];
    }
    return [parseEntity(source, bodyStart, end, context)];
  }
  return [];
}

/** A name to offer for saving: control characters and any directory part removed. */
function safeFilename(name: string | undefined): string | undefined {
  const cleaned = name
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[/\\]/)
    .pop()
    ?.trim();
  return cleaned || undefined;
}
