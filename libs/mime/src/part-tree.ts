import { entityBody, type MimeEntity } from './mime-entity';
import { decodedLength } from './transfer-encoding';
import type { MimePart } from './types';

export interface PartTree {
  root: MimePart;
  /** Each part's entity by part name, for fetching content. */
  entities: Map<string, MimeEntity>;
}

/**
 * Names the parts the way Zimbra does (com.zimbra.cs.mime.Mime.listParts, which follows IMAP):
 * a message's multipart body is "TEXT" and its children count from "1"; a message's single-part
 * body is "1"; a message/rfc822 part passes its own name on to the message inside it.
 */
export function describeParts(root: MimeEntity): PartTree {
  const entities = new Map<string, MimeEntity>();
  const describe = (entity: MimeEntity, given: string): MimePart => {
    const isMultipart = entity.contentType.startsWith('multipart/');
    const own = !isMultipart && entity.isMessage ? join(given, '1') : given;
    const name = isMultipart && entity.isMessage ? join(own, 'TEXT') : own;
    if (!entities.has(name)) entities.set(name, entity);
    const children = isMultipart
      ? entity.children.map((child, i) => describe(child, join(own, String(i + 1))))
      : entity.children.map((child) => describe(child, name));
    return summarize(entity, name, children);
  };
  return { root: describe(root, ''), entities };
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function summarize(entity: MimeEntity, part: string, children: MimePart[]): MimePart {
  const body = entityBody(entity);
  const isLeaf = !entity.contentType.startsWith('multipart/') && entity.contentType !== 'message/rfc822';
  const summary: MimePart = {
    part,
    contentType: entity.contentType,
    size: isLeaf ? decodedLength(body, entity.transferEncoding) : body.length,
  };
  if (entity.filename) summary.filename = entity.filename;
  if (entity.disposition) summary.disposition = entity.disposition;
  if (entity.contentId) summary.contentId = entity.contentId;
  const charset = entity.contentTypeParams.charset?.trim().toLowerCase();
  if (charset) summary.charset = charset;
  if (children.length > 0) summary.children = children;
  return summary;
}
