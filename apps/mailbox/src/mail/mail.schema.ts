/**
 * The mail read model. One row per folder, tag and message of every mailbox; conversations are
 * the messages grouped by conv_id. Searches compile the Zimbra query language to a WHERE clause
 * over `mail_messages m` (see ./search).
 *
 * Flags are Zimbra's letters: u unread, f flagged, r replied, w forwarded, d draft,
 * a has attachment, x deleted (IMAP \Deleted), s sent by me, n notification sent.
 */
export const MAIL_TABLES = ['mail_folders', 'mail_tags', 'mail_messages', 'mail_mailboxes', 'mail_tombstones'];

export const MAIL_MIGRATIONS = [
  `CREATE TABLE mail_mailboxes (
     account_id text PRIMARY KEY,
     size bigint NOT NULL DEFAULT 0,
     revision bigint NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE mail_folders (
     account_id text NOT NULL,
     id integer NOT NULL,
     name text NOT NULL,
     parent_id integer NOT NULL,
     path text NOT NULL,
     view text NOT NULL DEFAULT 'message',
     color integer,
     rgb text,
     flags text NOT NULL DEFAULT '',
     system boolean NOT NULL DEFAULT false,
     ms bigint NOT NULL,
     PRIMARY KEY (account_id, id)
   )`,
  `CREATE UNIQUE INDEX mail_folders_path ON mail_folders (account_id, lower(path))`,
  `CREATE TABLE mail_tags (
     account_id text NOT NULL,
     id integer NOT NULL,
     name text NOT NULL,
     color integer,
     rgb text,
     ms bigint NOT NULL,
     PRIMARY KEY (account_id, id)
   )`,
  `CREATE TABLE mail_messages (
     account_id text NOT NULL,
     id integer NOT NULL,
     folder_id integer NOT NULL,
     conv_id integer NOT NULL,
     flags text NOT NULL DEFAULT '',
     tag_ids integer[] NOT NULL DEFAULT '{}',
     date bigint NOT NULL,
     sent_date bigint,
     size bigint NOT NULL,
     subject text NOT NULL DEFAULT '',
     sort_subject text NOT NULL DEFAULT '',
     fragment text NOT NULL DEFAULT '',
     from_addr text NOT NULL DEFAULT '',
     from_name text NOT NULL DEFAULT '',
     sort_sender text NOT NULL DEFAULT '',
     to_addrs text NOT NULL DEFAULT '',
     cc_addrs text NOT NULL DEFAULT '',
     has_attachment boolean NOT NULL DEFAULT false,
     message_id_hdr text,
     blob text NOT NULL,
     ms bigint NOT NULL,
     rev bigint NOT NULL,
     body_text text NOT NULL DEFAULT '',
     search tsvector NOT NULL,
     PRIMARY KEY (account_id, id)
   )`,
  `CREATE INDEX mail_messages_folder_date ON mail_messages (account_id, folder_id, date DESC)`,
  `CREATE INDEX mail_messages_date ON mail_messages (account_id, date DESC)`,
  `CREATE INDEX mail_messages_conv ON mail_messages (account_id, conv_id)`,
  `CREATE INDEX mail_messages_search ON mail_messages USING gin (search)`,
  // subject: is a word match on the subject alone; the compiler's expression uses this index.
  `CREATE INDEX mail_messages_subject_search ON mail_messages USING gin (to_tsvector('simple', subject))`,
  // Searches sort by date with the id as tie-breaker; these let a first page stop early.
  `CREATE INDEX mail_messages_date_id ON mail_messages (account_id, date DESC, id DESC)`,
  `CREATE INDEX mail_messages_folder_date_id ON mail_messages (account_id, folder_id, date DESC, id DESC)`,
  // Message, unread and byte counts per folder, kept by the projection so GetFolder need not count.
  `ALTER TABLE mail_folders ADD COLUMN n bigint NOT NULL DEFAULT 0, ADD COLUMN u bigint NOT NULL DEFAULT 0, ADD COLUMN s bigint NOT NULL DEFAULT 0`,
  // For change notifications (GetChanges): the change at which a folder's n/u/s last moved,
  // kept apart from ms (the folder's own modified sequence, which MODIFY_CONFLICT compares);
  // a message moved out of a folder names only its destination, so the source is found here.
  `ALTER TABLE mail_folders ADD COLUMN counts_ms bigint NOT NULL DEFAULT 0`,
  // What a deleted message was, so that the changes after a revision can say which folder,
  // tags and conversation lost it. Item ids are never reused within a mailbox.
  `CREATE TABLE mail_tombstones (
     account_id text NOT NULL,
     id integer NOT NULL,
     folder_id integer NOT NULL,
     conv_id integer NOT NULL,
     tag_ids integer[] NOT NULL DEFAULT '{}',
     ms bigint NOT NULL,
     PRIMARY KEY (account_id, id)
   )`,
];

/**
 * The text a message is found by: the projection stores
 * `to_tsvector('simple', <this>)` in `search`.
 */
export const SEARCH_DOCUMENT_COLUMNS = ['subject', 'from_name', 'from_addr', 'to_addrs', 'cc_addrs', 'body_text'];
