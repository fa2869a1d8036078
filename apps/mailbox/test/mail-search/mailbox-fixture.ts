// A small mailbox in an in-memory PGlite, built from the real schema, for running compiled
// searches against: 40 messages of one account across the system folders and a nested user
// folder, plus two messages of another account that every search must leave out.
import { MAIL_MIGRATIONS } from '../../src/mail/mail.schema';
import { compileQuery, defaultExcludedFolderIds, parseQuery, sortClause } from '../../src/mail/search';

const { PGlite } = require('@electric-sql/pglite');

export const ACCOUNT = 'acct-1';
export const OTHER_ACCOUNT = 'acct-2';
/** A Friday; "today" in the date tests. */
export const NOW = new Date('2024-03-15T10:00:00Z');

export interface Db {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

export const FOLDERS = [
  { id: 1, name: '', parent: 1, path: '/' },
  { id: 2, name: 'Inbox', parent: 1, path: '/Inbox' },
  { id: 3, name: 'Trash', parent: 1, path: '/Trash' },
  { id: 4, name: 'Junk', parent: 1, path: '/Junk' },
  { id: 5, name: 'Sent', parent: 1, path: '/Sent' },
  { id: 6, name: 'Drafts', parent: 1, path: '/Drafts' },
  { id: 257, name: 'Projects', parent: 1, path: '/Projects' },
  { id: 258, name: 'Alpha', parent: 257, path: '/Projects/Alpha' },
  { id: 259, name: 'Old', parent: 258, path: '/Projects/Alpha/Old' },
  { id: 260, name: 'Receipts', parent: 2, path: '/Inbox/Receipts' },
  { id: 261, name: 'My Folder', parent: 1, path: '/My Folder' },
];

export const TAGS = [
  { id: 64, name: 'Work' },
  { id: 65, name: 'Personal' },
  { id: 66, name: 'Urgent Stuff' },
];

const [INBOX, TRASH, JUNK, SENT, DRAFTS, PROJECTS, ALPHA, OLD, RECEIPTS, MY_FOLDER] = [2, 3, 4, 5, 6, 257, 258, 259, 260, 261];
const [WORK, PERSONAL, URGENT] = [64, 65, 66];

const ALICE = { name: 'Alice Anders', addr: 'alice@example.com' };
const BOB = { name: 'Bob Brown', addr: 'bob@example.org' };
const CAROL = { name: 'Carol Chen', addr: 'carol@example.net' };
const DAVE = { name: 'Dave Dunn', addr: 'dave@alpha.example' };
const FRANK = { name: 'Frank Fox', addr: 'frank@fox.example' };
const BILLING = { name: 'Billing', addr: 'billing@shop.example' };
const SPAMMER = { name: 'Spammer', addr: 'spam@junk.example' };
const TO_ALICE = 'Alice Anders <alice@example.com>';
const TO_BOB = 'Bob Brown <bob@example.org>';
const CC_CAROL = 'Carol Chen <carol@example.net>';
const TO_GINA = 'Gina Green <gina@green.example>';

export interface Message {
  id: number;
  folder: number;
  subject: string;
  from: { name: string; addr: string };
  to?: string;
  cc?: string;
  body: string;
  flags?: string;
  tags?: number[];
  date: string;
  size?: number;
  attachment?: boolean;
  conv?: number;
}

export const MESSAGES: Message[] = [
  { id: 1, folder: INBOX, subject: 'Quarterly report draft', from: ALICE, to: TO_BOB, body: 'Please review the quarterly numbers before Friday.', flags: 'u', tags: [WORK], date: '2024-03-14T09:00:00Z', size: 2048, conv: 1001 },
  { id: 2, folder: INBOX, subject: 'Lunch tomorrow?', from: BOB, cc: CC_CAROL, body: 'Shall we try the new ramen place?', flags: 'r', date: '2024-03-13T12:30:00Z', size: 900, conv: 1002 },
  { id: 3, folder: INBOX, subject: 'Invoice 2024-0042', from: BILLING, body: 'Your invoice is attached.', flags: 'a', tags: [PERSONAL], date: '2024-03-01T08:00:00Z', size: 150000, attachment: true },
  { id: 4, folder: INBOX, subject: 'Re: Quarterly report draft', from: BOB, body: 'Numbers look good. The report is ready.', flags: 'uf', tags: [WORK, URGENT], date: '2024-03-14T23:30:00Z', size: 3000, conv: 1001 },
  { id: 5, folder: INBOX, subject: 'Project Alpha kickoff', from: DAVE, to: `${TO_ALICE}, ${TO_BOB}`, cc: CC_CAROL, body: 'Kickoff meeting agenda for project alpha', flags: 'fw', date: '2024-02-20T15:00:00Z', size: 12000 },
  { id: 6, folder: INBOX, subject: 'Weekend plans', from: CAROL, body: 'Hiking or cinema?', tags: [PERSONAL], date: '2024-03-09T10:00:00Z', size: 700 },
  { id: 7, folder: INBOX, subject: 'Special offer: 100% off', from: { name: 'Promo Deals', addr: 'promo@deals.example' }, body: 'Use code SAVE_50 today', flags: 'u', date: '2024-03-12T07:00:00Z', size: 5000 },
  { id: 8, folder: INBOX, subject: "O'Brien's notes", from: { name: "Sean O'Brien", addr: 'sean@example.ie' }, body: 'Notes about the path C:\\temp and more', date: '2024-03-11T10:00:00Z', size: 1500 },
  { id: 9, folder: INBOX, subject: 'Newsletter March', from: { name: 'News Letters', addr: 'news@letters.example' }, to: 'list@letters.example', body: 'The monthly newsletter, read online.', date: '2024-03-02T10:00:00Z', size: 40000 },
  { id: 10, folder: INBOX, subject: 'Contract for review', from: { name: 'Erin Evans', addr: 'erin@law.example' }, body: 'The contract is attached.', flags: 'aw', date: '2024-01-15T10:00:00Z', size: 2000000, attachment: true, conv: 1010 },
  { id: 11, folder: INBOX, subject: 'Marked deleted', from: BOB, body: 'IMAP deleted flag set', flags: 'x', date: '2024-03-05T10:00:00Z', size: 800 },
  { id: 12, folder: SENT, subject: 'Quarterly report draft', from: ALICE, to: TO_BOB, body: 'First draft of the quarterly report.', flags: 's', tags: [WORK], date: '2024-03-13T16:00:00Z', size: 2100, conv: 1001 },
  { id: 13, folder: SENT, subject: 'Re: Lunch tomorrow?', from: ALICE, to: TO_BOB, body: 'Sure, noon works.', flags: 's', date: '2024-03-13T13:00:00Z', size: 800, conv: 1002 },
  { id: 14, folder: SENT, subject: 'Contract signed', from: ALICE, to: 'Erin Evans <erin@law.example>', cc: TO_BOB, body: 'Signed contract attached.', flags: 'sa', date: '2024-01-20T10:00:00Z', size: 500000, attachment: true, conv: 1010 },
  { id: 15, folder: DRAFTS, subject: 'Unfinished thoughts', from: ALICE, to: '', body: 'Some unfinished thoughts', flags: 'sd', date: '2024-03-14T20:00:00Z', size: 300 },
  { id: 16, folder: TRASH, subject: 'Old quarterly report', from: BOB, body: 'Last year quarterly report', tags: [WORK], date: '2023-12-01T10:00:00Z', size: 2500 },
  { id: 17, folder: TRASH, subject: 'You won the lottery', from: { name: 'Lottery', addr: 'win@lottery.example' }, body: 'Claim your prize', flags: 'u', date: '2024-03-14T11:00:00Z', size: 1000 },
  { id: 18, folder: JUNK, subject: 'Cheap watches', from: SPAMMER, body: 'Buy cheap watches now', flags: 'u', date: '2024-03-14T05:00:00Z', size: 4000 },
  { id: 19, folder: JUNK, subject: 'Alice, claim your prize', from: SPAMMER, body: 'Your prize awaits', date: '2024-03-10T10:00:00Z', size: 3500 },
  { id: 20, folder: PROJECTS, subject: 'Budget for project alpha', from: DAVE, body: 'Budget spreadsheet attached', flags: 'a', tags: [WORK], date: '2024-03-08T10:00:00Z', size: 80000, attachment: true },
  { id: 21, folder: ALPHA, subject: 'Alpha milestone one', from: DAVE, body: 'Milestone reached', flags: 'f', date: '2024-03-07T10:00:00Z', size: 1024 },
  { id: 22, folder: ALPHA, subject: 'Alpha milestone two', from: DAVE, body: 'Second milestone', flags: 'u', date: '2024-03-14T12:00:00Z', size: 1025 },
  { id: 23, folder: OLD, subject: 'Alpha archive', from: DAVE, body: 'Old alpha material', date: '2023-06-01T10:00:00Z', size: 10240 },
  { id: 24, folder: RECEIPTS, subject: 'Receipt 1234', from: BILLING, body: 'Thank you for your purchase', tags: [PERSONAL], date: '2024-03-03T10:00:00Z', size: 1023 },
  { id: 25, folder: MY_FOLDER, subject: 'Quoted folder message', from: CAROL, body: 'Kept in my folder', date: '2024-03-06T10:00:00Z', size: 600 },
  { id: 26, folder: INBOX, subject: 'Internationalization plan', from: FRANK, body: 'Internal review of internationalization', date: '2024-03-15T09:00:00Z', size: 1100 },
  { id: 27, folder: INBOX, subject: 'Early bird', from: CAROL, body: 'Up before dawn', flags: 'u', date: '2024-03-15T00:10:00Z', size: 500 },
  { id: 28, folder: INBOX, subject: 'Anniversary', from: FRANK, body: 'One year ago', date: '2023-03-15T10:00:00Z' },
  { id: 29, folder: INBOX, subject: 'Sunday note', from: FRANK, body: 'Start of the week', date: '2024-03-10T00:00:00Z' },
  { id: 30, folder: INBOX, subject: 'Saturday night', from: FRANK, body: 'End of last week', date: '2024-03-09T23:59:00Z' },
  { id: 31, folder: INBOX, subject: 'Fox facts', from: FRANK, body: 'brown quick fox', date: '2024-02-28T10:00:00Z' },
  { id: 32, folder: INBOX, subject: 'Fox phrase', from: FRANK, body: 'the quick brown fox jumps', date: '2024-02-27T10:00:00Z' },
  { id: 33, folder: INBOX, subject: 'Underscore test', from: { name: 'Under_Score', addr: 'under_score@x.example' }, body: 'underscore sender', date: '2024-02-26T10:00:00Z' },
  { id: 34, folder: INBOX, subject: 'Percent test', from: { name: '100% Real', addr: 'real@x.example' }, body: 'percent sender', date: '2024-02-25T10:00:00Z' },
  { id: 35, folder: INBOX, subject: 'Copied to Alice', from: FRANK, to: TO_GINA, cc: TO_ALICE, body: 'alice is in copy', date: '2024-02-24T10:00:00Z' },
  { id: 36, folder: SENT, subject: 'Hello Gina', from: ALICE, to: TO_GINA, body: 'hello there', flags: 's', date: '2024-02-23T10:00:00Z' },
  { id: 37, folder: INBOX, subject: 'Hyphenated e-mail', from: FRANK, body: 'The foo-bar widget', date: '2024-02-22T10:00:00Z' },
  { id: 38, folder: INBOX, subject: 'Ancient history', from: FRANK, body: 'From long ago', date: '2020-01-01T10:00:00Z', size: 100 },
  { id: 39, folder: INBOX, subject: 'Huge attachment', from: FRANK, body: 'Video attached', flags: 'a', date: '2024-02-21T10:00:00Z', size: 5242880, attachment: true },
  { id: 40, folder: INBOX, subject: 'Backslash \\ subject', from: { name: 'Back\\Slash', addr: 'back@x.example' }, body: 'slash', date: '2024-02-20T09:00:00Z' },
];

/** Messages of another account matching nearly everything: a search that shows them leaks. */
const OTHER_MESSAGES: Message[] = [
  { id: 901, folder: INBOX, subject: 'Quarterly report draft', from: ALICE, to: TO_BOB, body: 'quarterly alpha prize', flags: 'ufa', tags: [WORK], date: '2024-03-14T09:00:00Z', attachment: true },
  { id: 902, folder: TRASH, subject: 'x OR 1=1', from: { name: "x' OR 1=1 --", addr: '%_@x.example' }, body: 'anything', date: '2024-03-14T09:00:00Z' },
];

/** Zimbra's sort keys: the subject without Re:/Fwd: prefixes, and the sender, upper-cased. */
export const sortSubject = (subject: string) => subject.replace(/^((re|fwd?):\s*)+/i, '').toUpperCase();
export const sortSender = (m: Message) => (m.from.name || m.from.addr).toUpperCase();

export async function openMailbox(): Promise<Db> {
  const db: Db = new PGlite();
  await (db as unknown as { waitReady: Promise<void> }).waitReady;
  for (const statement of MAIL_MIGRATIONS) await db.exec(statement);
  for (const account of [ACCOUNT, OTHER_ACCOUNT]) {
    for (const f of FOLDERS) {
      await db.query('INSERT INTO mail_folders (account_id, id, name, parent_id, path, system, ms) VALUES ($1, $2, $3, $4, $5, $6, 1)', [
        account, f.id, f.name, f.parent, f.path, f.id < 256,
      ]);
    }
    for (const t of TAGS) await db.query('INSERT INTO mail_tags (account_id, id, name, ms) VALUES ($1, $2, $3, 1)', [account, t.id, t.name]);
  }
  for (const m of MESSAGES) await insertMessage(db, ACCOUNT, m);
  for (const m of OTHER_MESSAGES) await insertMessage(db, OTHER_ACCOUNT, m);
  // The projection's search document, exactly as the schema describes it.
  await db.exec(`UPDATE mail_messages SET search = to_tsvector('simple',
    subject || ' ' || from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs || ' ' || body_text)`);
  return db;
}

async function insertMessage(db: Db, account: string, m: Message): Promise<void> {
  await db.query(
    `INSERT INTO mail_messages (account_id, id, folder_id, conv_id, flags, tag_ids, date, size, subject, sort_subject,
       fragment, from_addr, from_name, sort_sender, to_addrs, cc_addrs, has_attachment, blob, ms, rev, body_text, search)
     VALUES ($1, $2, $3, $4, $5, $6::int[], $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1, 1, $19, ''::tsvector)`,
    [
      account, m.id, m.folder, m.conv ?? m.id, m.flags ?? '', m.tags ?? [], Date.parse(m.date), m.size ?? 1000,
      m.subject, sortSubject(m.subject), m.body.slice(0, 40), m.from.addr, m.from.name, sortSender(m),
      m.to ?? TO_ALICE, m.cc ?? '', m.attachment ?? false, `blob-${m.id}`, m.body,
    ],
  );
}

/** The folders and tags of the account, as the service would load them for compileQuery. */
export async function loadScope(db: Db): Promise<{ folders: { id: number; path: string }[]; tags: { id: number; name: string }[] }> {
  const folders = await db.query('SELECT id, path FROM mail_folders WHERE account_id = $1 ORDER BY id', [ACCOUNT]);
  const tags = await db.query('SELECT id, name FROM mail_tags WHERE account_id = $1 ORDER BY id', [ACCOUNT]);
  return {
    folders: folders.rows.map((r) => ({ id: Number(r.id), path: String(r.path) })),
    tags: tags.rows.map((r) => ({ id: Number(r.id), name: String(r.name) })),
  };
}

export type Scope = Awaited<ReturnType<typeof loadScope>>;

/**
 * A search the way the service runs one: the account first ($1), the compiled query after it,
 * Trash and Junk left out unless the query asks for them, then the sort. Returns the ids in
 * result order.
 */
export async function search(db: Db, scope: Scope, query: string, opts: { timeZone?: string; sortBy?: string } = {}): Promise<number[]> {
  const node = parseQuery(query);
  const where = compileQuery(node, { ...scope, now: NOW, timeZone: opts.timeZone, paramOffset: 1 });
  const params: unknown[] = [ACCOUNT, ...where.params];
  let sql = `SELECT m.id FROM mail_messages m WHERE m.account_id = $1 AND (${where.sql})`;
  const excluded = defaultExcludedFolderIds(node, scope.folders);
  if (excluded.length > 0) {
    params.push(excluded);
    sql += ` AND m.folder_id <> ALL($${params.length}::int[])`;
  }
  sql += ` ${sortClause(opts.sortBy)}`;
  const result = await db.query(sql, params);
  return result.rows.map((r) => Number(r.id));
}
