import { parseAddressHeader, simpleParser, type AddressObject } from 'mailparser';
import { toAddresses } from './addresses';
import { textBodyPart } from './body-parts';
import { decodeEncodedWords } from './encoded-words';
import { entityText } from './entity-content';
import { headerValue } from './header-block';
import type { MimeEntity } from './mime-entity';
import { stripHtml } from './text-summary';
import type { MimePart, ParsedMessage } from './types';

/** What mailparser reads from a message: decoded subject, addresses, thread ids and text. */
export type Envelope = Pick<ParsedMessage, 'subject' | 'from' | 'sender' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'messageId' | 'inReplyTo' | 'references'> & {
  /** The text parts, or the HTML converted to text when there is no text part. */
  text: string;
};

export async function readEnvelope(
  raw: Buffer,
  root: MimeEntity,
  parts: MimePart,
  entities: Map<string, MimeEntity>,
): Promise<Envelope> {
  try {
    return await readWithMailparser(raw);
  } catch {
    return readWithoutMailparser(root, parts, entities);
  }
}

async function readWithMailparser(raw: Buffer): Promise<Envelope> {
  const mail = await simpleParser(raw, {
    // Only the text is wanted: no data: URLs for inline images, no links, no checksums.
    keepCidLinks: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false,
  });
  const envelope: Envelope = {
    subject: mail.subject ?? '',
    to: toAddresses(mail.to),
    cc: toAddresses(mail.cc),
    bcc: toAddresses(mail.bcc),
    replyTo: toAddresses(mail.replyTo),
    references: typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []),
    text: mail.text ?? '',
  };
  const from = toAddresses(mail.from)[0];
  if (from) envelope.from = from;
  const sender = toAddresses(mail.headers.get('sender') as AddressObject | undefined)[0];
  if (sender) envelope.sender = sender;
  if (mail.messageId) envelope.messageId = mail.messageId;
  if (mail.inReplyTo) envelope.inReplyTo = mail.inReplyTo;
  return envelope;
}

/**
 * Best effort when mailparser refuses a message (it does for more than 1000 parts or a header
 * block over 1 MiB): the same fields from this library's own header and body scan.
 */
function readWithoutMailparser(root: MimeEntity, parts: MimePart, entities: Map<string, MimeEntity>): Envelope {
  const header = (name: string) => headerValue(root.headers, name);
  const addresses = (name: string) => {
    const values = root.headers.filter((field) => field.name.toLowerCase() === name).map((field) => field.value);
    return values.length > 0 ? toAddresses(parseAddressHeader(values)) : [];
  };
  const envelope: Envelope = {
    subject: decodeEncodedWords(header('subject') ?? ''),
    to: addresses('to'),
    cc: addresses('cc'),
    bcc: addresses('bcc'),
    replyTo: addresses('reply-to'),
    references: (header('references') ?? '').match(/<[^>]*>/g) ?? [],
    text: '',
  };
  const [from] = addresses('from');
  if (from) envelope.from = from;
  const [sender] = addresses('sender');
  if (sender) envelope.sender = sender;
  const messageId = header('message-id')?.match(/<[^>]*>/)?.[0];
  if (messageId) envelope.messageId = messageId;
  const inReplyTo = header('in-reply-to')?.match(/<[^>]*>/)?.[0];
  if (inReplyTo) envelope.inReplyTo = inReplyTo;
  const body = textBodyPart(parts, { html: false });
  const entity = body && entities.get(body.part);
  if (body && entity) envelope.text = body.contentType === 'text/html' ? stripHtml(entityText(entity)) : entityText(entity);
  return envelope;
}
