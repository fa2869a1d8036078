/** A mailbox: `Name <address>`. Groups are flattened into their members. */
export interface Address {
  address: string;
  name?: string;
}

/** One header field as it appears in the message: original order, value unfolded, not decoded. */
export interface HeaderField {
  name: string;
  value: string;
}

/**
 * One node of a message's MIME structure, named the way Zimbra names parts (`<mp part="...">`,
 * REST `?part=`), which is IMAP's numbering:
 * - a message whose body is a single part: that part is "1";
 * - a message whose body is multipart: the multipart is "TEXT", its children "1", "2", ...;
 * - children of a nested multipart "2" are "2.1", "2.2", ...;
 * - a message/rfc822 part "2" contains the embedded message, named "2.1" when single-part and
 *   "2.TEXT" (children "2.1", "2.2", ...) when multipart.
 */
export interface MimePart {
  part: string;
  /** `type/subtype`, lower case, without parameters. */
  contentType: string;
  /** Leaves: decoded content bytes. Multipart and message/rfc822: bytes of the encoded body. */
  size: number;
  filename?: string;
  disposition?: 'inline' | 'attachment';
  /** Content-ID including its angle brackets, as Zimbra reports it (`ci`). */
  contentId?: string;
  /** The `charset` parameter, lower case. */
  charset?: string;
  /** Zimbra's `body="1"`: a part shown as the message body when plain text is preferred (GetMsg html="0"). */
  isBody?: boolean;
  children?: MimePart[];
}

export interface ParsedMessage {
  subject: string;
  from?: Address;
  sender?: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  /** With angle brackets, as in the header. */
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  /** The Date header; absent when missing or unreadable (never "now", which would not replay). */
  date?: Date;
  /** Start of the plain text body, whitespace collapsed, like Zimbra's `<fr>`. */
  fragment: string;
  /** Plain text for indexing: the text parts, or the HTML converted to text; at most 32 KiB of UTF-8. */
  bodyText: string;
  /** Zimbra's paperclip (flag "a"). */
  hasAttachment: boolean;
  /** Size of the raw message in bytes. */
  size: number;
  /** The top-level header fields. */
  headers: HeaderField[];
  parts: MimePart;
}

/** One part's content, transfer encoding removed (base64, quoted-printable); charset untouched. */
export interface PartContent {
  contentType: string;
  charset?: string;
  filename?: string;
  content: Buffer;
}

/** The body part's text, decoded to a string. */
export interface BodyContent {
  part: string;
  contentType: string;
  text: string;
}
