import type { MimePart } from './types';

/*
 * Which parts are "the body", after com.zimbra.cs.mime.Mime.getBody, so that a message shows
 * the same body (and the same paperclip) here as in Zimbra.
 */

export interface BodyPreference {
  /** GetMsg html="1": prefer text/html over text/plain in multipart/alternative. */
  html: boolean;
}

/** Multipart subtypes whose children Zimbra does not all treat as content (signed, encrypted, digest: first child only). */
const KNOWN_MULTIPARTS = new Set([
  'multipart/alternative',
  'multipart/digest',
  'multipart/mixed',
  'multipart/report',
  'multipart/related',
  'multipart/signed',
  'multipart/encrypted',
]);
/** Images shown in the body rather than listed as attachments. */
const INLINEABLE_IMAGES = new Set(['image/jpeg', 'image/png', 'image/gif']);

/** The parts Zimbra marks body="1", in document order. */
export function bodyParts(root: MimePart, preference: BodyPreference): MimePart[] {
  if (!isMultipart(root)) return isAttachment(root) ? [] : [root];
  return bodySubparts(root, preference) ?? [];
}

/** The text part whose content is the message body (Zimbra's getTextBody). */
export function textBodyPart(root: MimePart, preference: BodyPreference): MimePart | undefined {
  return bodyParts(root, preference).find((part) => part.contentType.startsWith('text/'));
}

function bodySubparts(base: MimePart, preference: BodyPreference): MimePart[] | undefined {
  const children = base.children ?? [];
  if (children.length === 0 || isMessage(base)) return undefined;
  switch (base.contentType) {
    case 'multipart/alternative':
      return alternativeBody(children, preference);
    case 'multipart/related':
      return relatedBody(children, preference);
    case 'multipart/report':
      return reportBody(children, preference);
  }
  const allChildren = base.contentType === 'multipart/mixed' || !KNOWN_MULTIPARTS.has(base.contentType);
  const candidates = allChildren ? children : children.slice(0, 1);
  let bodies: MimePart[] | undefined;
  for (const part of candidates) {
    if (isMultipart(part)) {
      const found = bodySubparts(part, preference);
      if (found) bodies = [...(bodies ?? []), ...found];
    } else if (!isAttachment(part) && !isMessage(part) && (!part.contentId || part.contentType.startsWith('text/'))) {
      bodies = [...(bodies ?? []), part];
    }
  }
  return bodies;
}

/** The preferred type, else the other text type (text/enriched counts as either), else a nested multipart's body. */
function alternativeBody(children: MimePart[], { html }: BodyPreference): MimePart[] | undefined {
  const wanted = html ? 'text/html' : 'text/plain';
  const acceptable = new Set(['text/enriched', html ? 'text/plain' : 'text/html']);
  let fallback: MimePart | undefined;
  for (const part of children) {
    if (!isAttachment(part) && part.contentType === wanted) return [part];
    if (!isAttachment(part) && acceptable.has(part.contentType)) {
      if (!fallback || fallback.contentType !== part.contentType) fallback = part;
    } else if (isMultipart(part)) {
      const found = bodySubparts(part, { html });
      if (found) return found;
    }
  }
  return fallback ? [fallback] : undefined;
}

/** The first text part (or multipart) of a multipart/related, else its first part. */
function relatedBody(children: MimePart[], preference: BodyPreference): MimePart[] | undefined {
  for (const part of children) {
    if (part.contentType.startsWith('text/')) return [part];
    if (isMultipart(part)) return bodySubparts(part, preference);
  }
  return children.length > 0 ? [children[0]] : undefined;
}

/** The human-readable parts of a delivery report, with the returned headers. */
function reportBody(children: MimePart[], preference: BodyPreference): MimePart[] | undefined {
  const wanted = preference.html ? 'text/html' : 'text/plain';
  const acceptable = new Set(['text/enriched', preference.html ? 'text/plain' : 'text/html']);
  const preferred: MimePart[] = [];
  const alternatives: MimePart[] = [];
  const headers: MimePart[] = [];
  for (const part of children) {
    if (!isAttachment(part) && part.contentType === wanted) preferred.push(part);
    else if (!isAttachment(part) && acceptable.has(part.contentType)) alternatives.push(part);
    else if (!isAttachment(part) && part.contentType === 'text/rfc822-headers') headers.push(part);
    else if (isMultipart(part)) preferred.push(...(bodySubparts(part, preference) ?? []));
  }
  const chosen = preferred.length > 0 ? [...preferred, ...headers] : [...alternatives, ...headers];
  return chosen.length > 0 ? chosen : undefined;
}

/**
 * Zimbra's paperclip: some part is an attachment a user would look for (Mime.isFilterableAttachment)
 * and is not an image already shown inline in the (HTML) body.
 */
export function hasAttachment(root: MimePart): boolean {
  const bodies = new Set(bodyParts(root, { html: true }));
  const visit = (part: MimePart, parent?: MimePart, grandparent?: MimePart, position = 0): boolean => {
    if (isFilterableAttachment(part, bodies, parent, grandparent, position)) {
      if (!bodies.has(part) || !INLINEABLE_IMAGES.has(part.contentType)) return true;
    }
    const children = part.children ?? [];
    // Zimbra numbers multipart children from 1; a message/rfc822's content is number 0.
    return children.some((child, i) => visit(child, part, parent, isMultipart(part) ? i + 1 : 0));
  };
  return visit(root);
}

function isFilterableAttachment(
  part: MimePart,
  bodies: Set<MimePart>,
  parent: MimePart | undefined,
  grandparent: MimePart | undefined,
  position: number,
): boolean {
  if (isMultipart(part)) return false;
  const type = part.contentType;
  if (type.startsWith('text/')) {
    // Text that is the message itself, shown as the body, or an alternative rendering of it.
    if (!parent || (position === 1 && isMessage(parent))) return false;
    if (bodies.has(part)) return false;
    if (parent.contentType === 'multipart/alternative') return false;
    if (position === 1 && isMultipart(parent) && (!grandparent || isMessage(grandparent))) return false;
  }
  // Zimbra's own notifications and the machine-readable halves of reports are not attachments.
  return ![
    'xml/x-zimbra-share',
    'xml/x-zimbra-dl-subscription',
    'message/disposition-notification',
    'message/delivery-status',
  ].includes(type);
}

function isMultipart(part: MimePart): boolean {
  return part.contentType.startsWith('multipart/');
}

function isMessage(part: MimePart): boolean {
  return part.contentType === 'message/rfc822';
}

function isAttachment(part: MimePart): boolean {
  return part.disposition === 'attachment';
}
