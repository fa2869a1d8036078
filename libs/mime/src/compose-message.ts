import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from './types';

export interface ComposeAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Makes the attachment an inline image the HTML refers to as `cid:<contentId>`. */
  contentId?: string;
}

export interface ComposeInput {
  from: Address;
  to?: Address[];
  cc?: Address[];
  bcc?: Address[];
  replyTo?: Address[];
  subject?: string;
  text?: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: ComposeAttachment[];
  /** Default: now. */
  date?: Date;
  /** With angle brackets. Default: generated in the sender's domain. */
  messageId?: string;
  /**
   * Keep the Bcc header. A message to be sent must not show its Bcc recipients to the others, so
   * the default drops it (the recipients go to the SMTP envelope instead); a draft keeps it so
   * reopening the draft shows them.
   */
  keepBcc?: boolean;
}

/** Builds the RFC 5322 message to send (or to save as a draft). */
export async function composeMessage(input: ComposeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    cc: input.cc,
    bcc: input.bcc,
    replyTo: input.replyTo,
    subject: input.subject,
    text: crlf(input.text),
    html: crlf(input.html),
    inReplyTo: input.inReplyTo,
    references: input.references,
    date: input.date,
    messageId: input.messageId,
    attachments: input.attachments?.map(({ filename, contentType, content, contentId }) => ({
      filename,
      contentType,
      content,
      ...(contentId ? { cid: contentId } : {}),
    })),
    // Content comes only from the input: never let a value make nodemailer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const message = composer.compile();
  message.keepBcc = input.keepBcc ?? false;
  return message.build();
}

/**
 * Text in MIME has CR LF line breaks (RFC 2046 §4.1.1). nodemailer keeps the caller's bare LFs,
 * which SMTP servers may reject and which would make the stored copy differ from what was sent.
 */
function crlf(text: string | undefined): string | undefined {
  return text?.replace(/\r?\n/g, '\r\n');
}
