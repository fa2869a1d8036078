import { textBodyPart, type BodyPreference } from './body-parts';
import { entityContent, entityText } from './entity-content';
import { parseMimeStructure } from './mime-entity';
import { describeParts } from './part-tree';
import type { BodyContent, PartContent } from './types';

/**
 * One part's content by its Zimbra part name (see MimePart.part); undefined when there is no such
 * part. "" is the whole message, as in Zimbra. Multiparts give their body as it is; other parts
 * give their content with the transfer encoding removed.
 */
export async function getPartContent(raw: Buffer, part: string): Promise<PartContent | undefined> {
  if (part === '') return { contentType: 'message/rfc822', content: raw };
  const entity = describeParts(parseMimeStructure(raw)).entities.get(part);
  if (!entity) return undefined;
  const content: PartContent = { contentType: entity.contentType, content: entityContent(entity) };
  const charset = entity.contentTypeParams.charset?.trim().toLowerCase();
  if (charset) content.charset = charset;
  if (entity.filename) content.filename = entity.filename;
  return content;
}

/** The text of the part Zimbra shows as the body, decoded from its charset; undefined when the message has no text body. */
export async function bodyContent(raw: Buffer, preference: BodyPreference): Promise<BodyContent | undefined> {
  const { root, entities } = describeParts(parseMimeStructure(raw));
  const body = textBodyPart(root, preference);
  const entity = body && entities.get(body.part);
  if (!body || !entity) return undefined;
  return { part: body.part, contentType: body.contentType, text: entityText(entity) };
}
