// SearchRequest's sortBy: the ORDER BY it becomes, and the order the mailbox comes back in,
// checked against the same order computed here, ties broken by id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@gw/contracts';
import { sortClause } from '../../src/mail/search';
import { Db, loadScope, Message, MESSAGES, openMailbox, Scope, search, sortSender, sortSubject } from './mailbox-fixture';

describe('sortClause', () => {
  it('defaults to dateDesc and breaks ties by id in the same direction', () => {
    assert.equal(sortClause(), 'ORDER BY m.date DESC, m.id DESC');
    assert.equal(sortClause(''), 'ORDER BY m.date DESC, m.id DESC');
    assert.equal(sortClause('dateDesc'), 'ORDER BY m.date DESC, m.id DESC');
    assert.equal(sortClause('dateAsc'), 'ORDER BY m.date ASC, m.id ASC');
  });

  it('knows the message sorts, case-insensitively', () => {
    assert.equal(sortClause('subjAsc'), 'ORDER BY m.sort_subject ASC, m.id ASC');
    assert.equal(sortClause('SUBJDESC'), 'ORDER BY m.sort_subject DESC, m.id DESC');
    assert.equal(sortClause('nameAsc'), 'ORDER BY m.sort_sender ASC, m.id ASC');
    assert.equal(sortClause('namedesc'), 'ORDER BY m.sort_sender DESC, m.id DESC');
    assert.equal(sortClause('sizeAsc'), 'ORDER BY m.size ASC, m.id ASC');
    assert.equal(sortClause('sizeDesc'), 'ORDER BY m.size DESC, m.id DESC');
    assert.equal(sortClause('none'), 'ORDER BY m.id ASC');
    for (const s of ['rcptAsc', 'rcptDesc', 'attachAsc', 'attachDesc', 'flagAsc', 'flagDesc']) assert.match(sortClause(s), /^ORDER BY .*, m\.id (ASC|DESC)$/);
  });

  it('refuses anything else with service.INVALID_REQUEST', () => {
    for (const s of ['dateUp', 'priorityAsc', 'relevanceDesc', 'm.date; DROP TABLE x', 'taskDueAsc']) {
      assert.throws(() => sortClause(s), (e: unknown) => e instanceof DomainError && e.code === 'service.INVALID_REQUEST', s);
    }
  });
});

describe('sorted searches over a real mailbox', () => {
  let db: Db;
  let scope: Scope;
  before(async () => {
    db = await openMailbox();
    scope = await loadScope(db);
  });
  after(async () => db.close());

  const inbox = MESSAGES.filter((m) => m.folder === 2);
  const by = <K extends string | number>(key: (m: Message) => K, direction: 1 | -1) => (a: Message, b: Message) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * direction;
  };
  const expected: [sortBy: string, compare: (a: Message, b: Message) => number][] = [
    ['dateDesc', by((m) => Date.parse(m.date), -1)],
    ['dateAsc', by((m) => Date.parse(m.date), 1)],
    ['subjAsc', by((m) => sortSubject(m.subject), 1)],
    ['subjDesc', by((m) => sortSubject(m.subject), -1)],
    ['nameAsc', by(sortSender, 1)],
    ['nameDesc', by(sortSender, -1)],
    ['sizeAsc', by((m) => m.size ?? 1000, 1)],
    ['sizeDesc', by((m) => m.size ?? 1000, -1)],
  ];

  for (const [sortBy, compare] of expected) {
    it(`orders in:inbox by ${sortBy}`, async () => {
      const found = await search(db, scope, 'in:inbox', { sortBy });
      assert.deepEqual(found, [...inbox].sort(compare).map((m) => m.id));
    });
  }

  it('puts equal keys in id order: the three "Quarterly report draft" subjects, the 1000-byte messages', async () => {
    assert.deepEqual(await search(db, scope, 'quarterly', { sortBy: 'subjAsc' }), [1, 4, 12]);
    assert.deepEqual(await search(db, scope, 'quarterly', { sortBy: 'subjDesc' }), [12, 4, 1]);
    const thousand = MESSAGES.filter((m) => m.folder === 2 && (m.size ?? 1000) === 1000).map((m) => m.id);
    const sized = await search(db, scope, 'in:inbox size:1000', { sortBy: 'sizeAsc' });
    assert.deepEqual(sized, thousand);
  });

  it('sorts by sender for nameAsc, whatever the subject', async () => {
    assert.deepEqual(await search(db, scope, 'from:bob OR from:carol', { sortBy: 'nameAsc' }), [2, 4, 11, 6, 25, 27]);
  });
});
