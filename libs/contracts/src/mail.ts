import { z } from 'zod';

/**
 * Mail: folders, tags, messages and conversations of one mailbox. Item ids are Zimbra's: system
 * folders keep their fixed ids, everything the user makes is numbered from 257.
 */
export const SystemFolder = {
  USER_ROOT: 1,
  INBOX: 2,
  TRASH: 3,
  JUNK: 4,
  SENT: 5,
  DRAFTS: 6,
  CONTACTS: 7,
  TAGS: 8,
  CONVERSATIONS: 9,
  CALENDAR: 10,
  ROOT: 11,
  BRIEFCASE: 16,
  EMAILED_CONTACTS: 13,
  CHATS: 14,
  TASKS: 15,
} as const;
export const FIRST_USER_ITEM_ID = 257;

export type FolderView = 'message' | 'conversation' | 'contact' | 'appointment' | 'task' | 'document' | 'wiki' | 'chat' | '';

export interface MailFolder {
  id: number;
  name: string;
  parentId: number;
  /** Absolute path, `/Inbox/Sub`; the user root is `/`. */
  path: string;
  view: FolderView;
  color?: number;
  rgb?: string;
  flags: string;
  /** Unread messages, messages, and their size in bytes. */
  unread: number;
  count: number;
  size: number;
  /** Change (event-store position) of the last modification. */
  ms: string;
}

export interface MailTag {
  id: number;
  name: string;
  color?: number;
  rgb?: string;
  unread: number;
  count: number;
  ms: string;
}

/** Zimbra's address types: from, to, cc, bcc, reply-to, sender. */
export type AddressType = 'f' | 't' | 'c' | 'b' | 'r' | 's';
export interface EmailAddress {
  type: AddressType;
  address: string;
  name?: string;
}

export interface MessageSummary {
  id: number;
  folderId: number;
  convId: number;
  flags: string;
  tagIds: number[];
  tagNames: string[];
  /** Received (or AddMsg) date, ms since epoch; sentDate from the Date header. */
  date: number;
  sentDate?: number;
  size: number;
  subject: string;
  fragment: string;
  addresses: EmailAddress[];
  messageIdHeader?: string;
  inReplyTo?: string;
  ms: string;
  rev: string;
}

export interface MimePartInfo {
  part: string;
  contentType: string;
  size: number;
  filename?: string;
  disposition?: 'inline' | 'attachment';
  contentId?: string;
  /** The part shown as the message body. */
  isBody?: boolean;
  /** Body text, included for the body part when asked to. */
  content?: string;
  children?: MimePartInfo[];
}

export interface MessageDetail extends MessageSummary {
  headers?: { name: string; value: string }[];
  mimeParts?: MimePartInfo;
}

export interface ConversationInfo {
  id: number;
  subject: string;
  fragment: string;
  count: number;
  unread: number;
  flags: string;
  tagIds: number[];
  date: number;
  participants: EmailAddress[];
  messages: MessageSummary[];
}

export interface SearchResult {
  messages?: MessageSummary[];
  conversations?: ConversationInfo[];
  more: boolean;
  offset: number;
}

/** An item that changed, and which attributes of its SOAP element changed (`f`, `t`, `l`, `u`, ...). */
export interface ChangedItem<T> {
  item: T;
  changed: string[];
}

/**
 * What changed in a mailbox after a revision: the body of a SOAP `<notify>` block. Created items
 * come whole, modified ones with the names of the attributes that changed (Zimbra sends only
 * those), deleted ones by id. Items made and removed inside the range appear only as deleted.
 */
export interface MailChanges {
  /** The mailbox revision the changes reach: the session's new change token ('0': no mailbox yet). */
  revision: string;
  created: { folders: MailFolder[]; tags: MailTag[]; messages: MessageSummary[]; conversations: ConversationInfo[] };
  modified: {
    folders: ChangedItem<MailFolder>[];
    tags: ChangedItem<MailTag>[];
    messages: ChangedItem<MessageSummary>[];
    conversations: ChangedItem<ConversationInfo>[];
  };
  deleted: number[];
  /** The mailbox size in bytes, when it changed in the range. */
  mailboxSize?: number;
}

const itemId = z.number().int().positive();
const ids = z.array(itemId).min(1).max(10_000);

export const mailCommands = {
  CreateFolder: z.object({ name: z.string(), parentId: itemId, view: z.string().optional(), color: z.number().int().min(0).max(9).optional(), rgb: z.string().optional(), fetchIfExists: z.boolean().default(false) }),
  FolderAction: z.object({
    op: z.enum(['read', 'delete', 'rename', 'move', 'empty', 'trash', 'color', 'update']),
    ids,
    name: z.string().optional(),
    parentId: itemId.optional(),
    color: z.number().int().min(0).max(9).optional(),
    rgb: z.string().optional(),
    flags: z.string().optional(),
    recursive: z.boolean().default(true),
  }),
  CreateTag: z.object({ name: z.string(), color: z.number().int().min(0).max(9).optional(), rgb: z.string().optional() }),
  TagAction: z.object({ op: z.enum(['read', 'rename', 'color', 'delete', 'update']), ids, name: z.string().optional(), color: z.number().int().min(0).max(9).optional(), rgb: z.string().optional() }),
  /** Raw MIME already in the blob store (gateways put it there: NATS messages are small). */
  AddMessage: z.object({
    blob: z.string().regex(/^[0-9a-f]{64}$/),
    folderId: itemId,
    flags: z.string().default(''),
    tagNames: z.array(z.string()).default([]),
    tagIds: z.array(itemId).default([]),
    date: z.number().int().optional(),
  }),
  ItemAction: z.object({
    kind: z.enum(['message', 'conversation', 'item']),
    op: z.enum(['read', '!read', 'flag', '!flag', 'tag', '!tag', 'move', 'trash', 'delete', 'spam', '!spam', 'update']),
    ids,
    folderId: itemId.optional(),
    tagName: z.string().optional(),
    tagId: itemId.optional(),
    flags: z.string().optional(),
    tagNames: z.array(z.string()).optional(),
    tagIds: z.array(itemId).optional(),
  }),
  SaveDraft: z.object({ id: itemId.optional(), blob: z.string().regex(/^[0-9a-f]{64}$/) }),
  SendMessage: z.object({
    blob: z.string().regex(/^[0-9a-f]{64}$/),
    recipients: z.array(z.string()).min(1),
    saveToSent: z.boolean().default(true),
    draftId: itemId.optional(),
    /** The message this one replies to (`r`) or forwards (`w`): it gets that flag (SendMsg origid/rt). */
    original: z.object({ id: itemId, replyType: z.enum(['r', 'w']) }).optional(),
  }),
  /** Incoming mail from the SMTP/LMTP listeners, for one local recipient. */
  DeliverMessage: z.object({ blob: z.string().regex(/^[0-9a-f]{64}$/), recipient: z.string() }),
} as const;

export const mailQueries = {
  GetFolders: z.object({ rootId: itemId.optional(), rootPath: z.string().optional(), visible: z.boolean().default(false) }),
  GetTags: z.object({}),
  GetMessage: z.object({ id: itemId, markRead: z.boolean().default(false), html: z.boolean().default(false), part: z.string().optional(), headers: z.array(z.string()).default([]), allHeaders: z.boolean().default(false) }),
  GetMessagesMetadata: z.object({ ids }),
  GetConversation: z.object({ id: z.number().int() }),
  /** An item by id, by absolute path, or by a path relative to a folder. */
  GetItem: z.object({ id: itemId.optional(), path: z.string().optional(), folderId: itemId.optional() }),
  Search: z.object({
    query: z.string().default(''),
    types: z.enum(['message', 'conversation']).default('conversation'),
    sortBy: z.string().default('dateDesc'),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
    /** Zimbra's `fetch`: include the body of the first hit / of unread hits / of all. */
    fetch: z.enum(['none', 'first', 'unread', 'all']).default('none'),
    conversationId: z.number().int().optional(),
  }),
  /** For the SMTP/LMTP listeners: is this a local address, and whose? */
  ResolveRecipient: z.object({ address: z.string() }),
  GetMailboxSize: z.object({}),
  /** Changes after revision `since` (a decimal string); without it, only the current revision. */
  GetChanges: z.object({ since: z.string().regex(/^\d{1,19}$/).optional() }),
} as const;

export type MailCommandName = keyof typeof mailCommands;
export type MailQueryName = keyof typeof mailQueries;
export type MailCommand<N extends MailCommandName> = z.infer<(typeof mailCommands)[N]>;
export type MailQuery<N extends MailQueryName> = z.infer<(typeof mailQueries)[N]>;
