// The compiled queries run against a real mailbox (PGlite with the mail schema): each query of
// the table must find exactly the expected messages, no more, no fewer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@gw/contracts';
import { Db, MESSAGES, openMailbox, loadScope, Scope, search } from './mailbox-fixture';

const TRASH_AND_JUNK = [3, 4];
/** What a search without folder terms can see: everything but Trash and Junk. */
const VISIBLE = MESSAGES.filter((m) => !TRASH_AND_JUNK.includes(m.folder)).map((m) => m.id);
const inFolders = (...folders: number[]) => MESSAGES.filter((m) => folders.includes(m.folder)).map((m) => m.id);
const visibleExcept = (...ids: number[]) => VISIBLE.filter((id) => !ids.includes(id));
const INBOX = inFolders(2);
const SENT = inFolders(5);

type Case = [query: string, expected: number[], timeZone?: string];

const CASES: Case[] = [
  // bare words and content: are full-text: every word, any order, case-insensitive
  ['quarterly', [1, 4, 12]],
  ['QUARTERLY', [1, 4, 12]],
  ['content:quarterly', [1, 4, 12]],
  ['report ready', [4]],
  ['review', [1, 10, 26]],
  ['quick brown fox', [31, 32]],
  ['intern', []],
  ['alpha', [5, 20, 21, 22, 23]],
  ['e-mail', [37]],
  ['foo-bar', [37]],
  // quoted phrases: the words in that order
  ['"quick brown fox"', [32]],
  ['"brown quick"', [31]],
  ['content:"report is ready"', [4]],
  // prefixes
  ['intern*', [26]],
  ['milestone*', [21, 22]],
  ["o'brien*", [8]],
  // subject: words of the subject only
  ['subject:review', [10]],
  ['subject:milestone', [21, 22]],
  ['subject:"report draft"', [1, 4, 12]],
  ['subject:"draft report"', []],
  ['subject:mile*', [21, 22]],
  ['subject:(milestone OR archive)', [21, 22, 23]],
  // address operators: case-insensitive substrings of names and addresses
  ['from:alice', [1, 12, 13, 14, 15, 36]],
  ['from:@example.org', [2, 4, 11]],
  ['from:"Bob Brown"', [2, 4, 11]],
  ['from:ali*ders', [1, 12, 13, 14, 15, 36]],
  ['to:gina', [35, 36]],
  ['to:bob', [1, 5, 12, 13]],
  ['cc:bob', [14]],
  ['cc:carol', [2, 5]],
  ['cc:alice', [35]],
  ['tocc:bob', [1, 5, 12, 13, 14]],
  ['tocc:(bob -alice)', [1, 12, 13, 14]],
  ['from:(alice OR bob) is:unread', [1, 4]],
  // user text that looks like SQL or LIKE syntax matches itself, never everything
  [`from:"x' OR 1=1 --"`, []],
  [`subject:"x' OR 1=1 --"`, []],
  [`"'; DROP TABLE mail_messages; --"`, []],
  ['from:%', [34]],
  ['from:_', [33]],
  ['from:\\', [40]],
  ['%', []],
  ['to:"%"', []],
  // folders: by path, case-insensitive, slash optional; under: adds subfolders
  ['in:inbox', INBOX],
  ['in:"/Inbox"', INBOX],
  ['in:INBOX', INBOX],
  ['in: inbox is:unread', [1, 4, 7, 27]],
  ['in:Inbox/Receipts', [24]],
  ['under:inbox', [...INBOX, 24]],
  ['in:projects', [20]],
  ['under:projects', [20, 21, 22, 23]],
  ['under:"/Projects/Alpha"', [21, 22, 23]],
  ['in:"My Folder"', [25]],
  ['in:sent', SENT],
  ['in:drafts', [15]],
  ['inid:258', [21, 22]],
  ['underid:257', [20, 21, 22, 23]],
  ['inid:9999', []],
  ['-in:inbox', [12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 36]],
  ['not in:inbox and not in:sent', [15, 20, 21, 22, 23, 24, 25]],
  // Trash and Junk only when asked for
  ['in:trash', [16, 17]],
  ['in:junk', [18, 19]],
  ['quarterly in:trash', [16]],
  ['quarterly is:anywhere', [1, 4, 12, 16]],
  ['prize', []],
  ['prize is:anywhere', [17, 19]],
  ['prize in:junk', [19]],
  ['prize (in:junk OR in:trash)', [17, 19]],
  ['-in:trash', VISIBLE],
  ['under:/ is:unread', [1, 4, 7, 17, 18, 22, 27]],
  // tags
  ['tag:work', [1, 4, 12, 20]],
  ['tag:Personal', [3, 6, 24]],
  ['tag:"Urgent Stuff"', [4]],
  ['tag:nosuchtag', []],
  ['-tag:nosuchtag', VISIBLE],
  ['tag:\\Flagged', [4, 5, 21]],
  // flags
  ['is:unread', [1, 4, 7, 22, 27]],
  ['is:read', visibleExcept(1, 4, 7, 22, 27)],
  ['is:flagged', [4, 5, 21]],
  ['is:unflagged', visibleExcept(4, 5, 21)],
  ['is:replied', [2]],
  ['is:answered', [2]],
  ['is:unanswered', visibleExcept(2)],
  ['is:forwarded', [5, 10]],
  ['is:unforwarded', visibleExcept(5, 10)],
  ['is:draft', [15]],
  ['is:sent', [12, 13, 14, 15, 36]],
  ['is:fromme', [12, 13, 14, 15, 36]],
  ['is:received', visibleExcept(12, 13, 14, 15, 36)],
  ['is:deleted', [11]],
  ['is:undeleted', visibleExcept(11)],
  ['is:solo', visibleExcept(1, 2, 4, 10, 12, 13, 14)],
  ['has:attachment', [3, 10, 14, 20, 39]],
  ['has:attachments', [3, 10, 14, 20, 39]],
  ['-has:attachment in:sent', [12, 13, 36]],
  // dates: whole days in the user's zone (UTC unless given); now is Friday 2024-03-15 10:00Z
  ['date:3/14/2024', [1, 4, 15, 22]],
  ['date:3/14/2024', [1, 15, 22], 'Europe/Berlin'],
  ['date:3/14/2024', [1, 15, 22], '+02:00'],
  ['date:3/14/2024', [1, 4, 15, 22, 27], '-05:00'],
  ['date:3/14/24', [1, 4, 15, 22]],
  ['date:2024-03-13', [2, 12, 13]],
  ['before:3/1/2024', [5, 10, 14, 23, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]],
  ['after:3/13/2024', [1, 4, 15, 22, 26, 27]],
  ['after:3/12/2024 before:3/14/2024', [2, 12, 13]],
  ['date:today', [26, 27]],
  ['date:yesterday', [1, 4, 15, 22]],
  ['after:yesterday', [26, 27]],
  ['before:today', visibleExcept(26, 27)],
  ['after:-2days', [1, 4, 15, 22, 26, 27]],
  ['date:-1week', [6, 11, 20, 21, 24, 25, 30]],
  ['date:-0week', [1, 2, 4, 7, 8, 12, 13, 15, 22, 26, 27, 29]],
  ['after:-1month', [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 15, 20, 21, 22, 24, 25, 26, 27, 29, 30]],
  ['date:-1year', [23, 28]],
  ['before:-1y', [38]],
  ['after:-10hours', [26]],
  ['date:>3/14/2024', [26, 27]],
  ['date:>=3/14/2024', [1, 4, 15, 22, 26, 27]],
  ['date:<=3/1/2024', [3, 5, 10, 14, 23, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]],
  ['date:1710461400000', [27]],
  ['date:(3/13/2024 OR 3/9/2024)', [2, 6, 12, 13, 30]],
  // sizes: b/kb/mb/gb in powers of 1024, larger/smaller strict
  ['larger:1mb', [10, 39]],
  ['larger:4MB', [39]],
  ['smaller:1kb', [2, 6, 11, 13, 15, 24, 25, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 40]],
  ['smaller:500b', [15, 38]],
  ['size:1kb', [21]],
  ['size:10KB', [23]],
  ['size:>=1025 smaller:1100', [22]],
  ['bigger:1gb', []],
  // item ids
  ['item:3', [3]],
  ['item:{1,2,3}', [1, 2, 3]],
  ['item:5--8', [5, 6, 7, 8]],
  ['item:16', []],
  ['item:16 is:anywhere', [16]],
  ['item:none', []],
  // AND / OR / NOT, -, !, +, parentheses; AND binds tighter than OR
  ['from:bob OR from:carol', [2, 4, 6, 11, 25, 27]],
  ['FROM:bob or SUBJECT:Weekend', [2, 4, 6, 11]],
  ['cc:carol || to:gina', [2, 5, 35, 36]],
  ['quarterly -in:sent', [1, 4]],
  ['quarterly NOT is:unread', [12]],
  ['quarterly && !is:unread', [12]],
  ['+quarterly +from:alice', [1, 12]],
  ['quarterly AND is:unread OR is:draft', [1, 4, 15]],
  ['is:draft OR quarterly is:unread', [1, 4, 15]],
  ['quarterly AND (is:unread OR is:draft)', [1, 4]],
  ['is:unread OR is:flagged AND has:attachment', [1, 4, 7, 22, 27]],
  ['(alpha OR budget) (is:flagged OR has:attachment)', [5, 20, 21]],
  ['-(from:bob OR from:carol) in:inbox', INBOX.filter((id) => ![2, 4, 6, 11, 27].includes(id))],
  ['under:projects !is:unread', [20, 21, 23]],
  ['((alpha AND (milestone OR archive)) OR (quarterly AND in:sent)) -is:unread', [12, 21, 23]],
  // nothing at all is everything visible
  ['', VISIBLE],
  ['   ', VISIBLE],
];

describe('search correctness over a real mailbox', () => {
  let db: Db;
  let scope: Scope;
  before(async () => {
    db = await openMailbox();
    scope = await loadScope(db);
  });
  after(async () => db.close());

  it('has a table of at least 40 cases', () => assert.ok(CASES.length >= 40));

  for (const [query, expected, timeZone] of CASES) {
    it(`${JSON.stringify(query)}${timeZone ? ` in ${timeZone}` : ''} finds ${expected.length} message(s)`, async () => {
      const found = await search(db, scope, query, { timeZone });
      assert.deepEqual([...found].sort((a, b) => a - b), [...expected].sort((a, b) => a - b));
    });
  }

  it('never finds messages of another account', async () => {
    for (const query of ['', 'quarterly', 'is:anywhere', 'from:%', `from:"x' OR 1=1 --"`, 'item:901']) {
      const found = await search(db, scope, query);
      assert.ok(found.every((id) => id < 900), `${query} leaked ${found}`);
    }
  });

  it('leaves the table intact after injection-looking input', async () => {
    await search(db, scope, `"'; DROP TABLE mail_messages; --" from:"'); DELETE FROM mail_messages; --"`);
    const count = await db.query('SELECT count(*)::int AS n FROM mail_messages');
    assert.equal(count.rows[0].n, MESSAGES.length + 2);
  });

  it('refuses an unknown folder with mail.NO_SUCH_FOLDER', async () => {
    await assert.rejects(search(db, scope, 'in:nonexistent'), (e: unknown) => e instanceof DomainError && e.code === 'mail.NO_SUCH_FOLDER');
    await assert.rejects(search(db, scope, 'under:Projects/Beta'), (e: unknown) => e instanceof DomainError && e.code === 'mail.NO_SUCH_FOLDER');
  });
});
