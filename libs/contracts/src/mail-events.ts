import { EmailAddress } from './mail';

/** One stream per mailbox: its revision is the mailbox's change token. */
export const mailboxStream = (accountId: string) => `mailbox-${accountId}`;
export const MAILBOX_STREAM_PREFIX = 'mailbox-';
export const MAIL_EVENT_SCHEMA_VERSION = 1;

/** What the parsed MIME says about a message, kept in its event so projections need no blob. */
export interface MessageMeta {
  subject: string;
  /** Subject for threading and sorting: lower case, without Re:/Fwd: prefixes. */
  normalizedSubject: string;
  fragment: string;
  /** Plain text for full-text search (bounded in size). */
  bodyText: string;
  addresses: EmailAddress[];
  messageIdHeader?: string;
  inReplyTo?: string;
  references: string[];
  sentDate?: number;
  hasAttachment: boolean;
}

export type MailEvent =
  | { type: 'MailboxCreated'; data: { accountId: string } }
  | { type: 'FolderCreated'; data: { folderId: number; name: string; parentId: number; view: string; color?: number; rgb?: string } }
  | { type: 'FolderMoved'; data: { folderId: number; name: string; parentId: number } }
  | { type: 'FolderUpdated'; data: { folderId: number; color?: number | null; rgb?: string | null; flags?: string } }
  | { type: 'FoldersDeleted'; data: { folderIds: number[]; messageIds: number[] } }
  | { type: 'TagCreated'; data: { tagId: number; name: string; color?: number; rgb?: string } }
  | { type: 'TagUpdated'; data: { tagId: number; name?: string; color?: number | null; rgb?: string | null } }
  | { type: 'TagDeleted'; data: { tagId: number } }
  | {
      type: 'MessageAdded';
      data: {
        messageId: number;
        folderId: number;
        convId: number;
        flags: string;
        tagIds: number[];
        date: number;
        size: number;
        blob: string;
        meta: MessageMeta;
      };
    }
  | {
      type: 'MessagesUpdated';
      data: { messageIds: number[]; addFlags?: string; removeFlags?: string; addTagIds?: number[]; removeTagIds?: number[]; folderId?: number };
    }
  | { type: 'MessagesDeleted'; data: { messageIds: number[] } }
  | { type: 'DraftReplaced'; data: { messageId: number; date: number; size: number; blob: string; meta: MessageMeta } };

export type MailEventType = MailEvent['type'];
