import { bodyParts, hasAttachment } from './body-parts';
import { parseDateHeader } from './date-header';
import { readEnvelope } from './envelope';
import { headerValue } from './header-block';
import { parseMimeStructure } from './mime-entity';
import { describeParts } from './part-tree';
import { BODY_TEXT_MAX_BYTES, fragmentOf, truncateUtf8 } from './text-summary';
import type { ParsedMessage } from './types';

/**
 * Reads what a mailbox stores about a message. Malformed or truncated input does not throw: the
 * result is what could be read.
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  const root = parseMimeStructure(raw);
  const { root: parts, entities } = describeParts(root);
  for (const body of bodyParts(parts, { html: false })) body.isBody = true;
  const { text, ...envelope } = await readEnvelope(raw, root, parts, entities);
  const bodyText = truncateUtf8(text, BODY_TEXT_MAX_BYTES);
  const message: ParsedMessage = {
    ...envelope,
    fragment: fragmentOf(bodyText),
    bodyText,
    hasAttachment: hasAttachment(parts),
    size: raw.length,
    headers: root.headers,
    parts,
  };
  const date = parseDateHeader(headerValue(root.headers, 'date'));
  if (date) message.date = date;
  return message;
}
