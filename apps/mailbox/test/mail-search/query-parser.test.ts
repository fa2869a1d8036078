// The query language's grammar: what tree each query becomes, and which queries are refused
// with mail.QUERY_PARSE_ERROR (and where).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@gw/contracts';
import { parseQuery, QueryNode } from '../../src/mail/search';

const word = (text: string): QueryNode => ({ kind: 'text', field: 'content', text, match: 'words' });
const phrase = (text: string): QueryNode => ({ kind: 'text', field: 'content', text, match: 'phrase' });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });
const from = (text: string): QueryNode => ({ kind: 'text', field: 'from', text, match: 'words' });

/** Asserts the query is refused as a parse error, optionally at a column and with a parserErr. */
function refused(query: string, column?: number, parserErr?: string): void {
  assert.throws(
    () => parseQuery(query),
    (e: unknown) => {
      assert.ok(e instanceof DomainError, `${query}: not a DomainError: ${e}`);
      assert.equal(e.code, 'mail.QUERY_PARSE_ERROR', query);
      assert.match(e.message, /^parse error: .* at column \d+$/, query);
      if (column !== undefined) assert.equal(e.args?.colNo, String(column), `${query}: ${e.message}`);
      if (parserErr !== undefined) assert.equal(e.args?.parserErr, parserErr, `${query}: ${e.message}`);
      return true;
    },
  );
}

describe('query parser: boolean structure', () => {
  it('reads an empty or blank query as everything', () => {
    assert.deepEqual(parseQuery(''), { kind: 'all' });
    assert.deepEqual(parseQuery(' \t\n'), { kind: 'all' });
  });

  it('ANDs adjacent terms, and AND binds tighter than OR', () => {
    assert.deepEqual(parseQuery('a b'), and(word('a'), word('b')));
    assert.deepEqual(parseQuery('a AND b'), and(word('a'), word('b')));
    assert.deepEqual(parseQuery('a b OR c'), or(and(word('a'), word('b')), word('c')));
    assert.deepEqual(parseQuery('a OR b c'), or(word('a'), and(word('b'), word('c'))));
    assert.deepEqual(parseQuery('a OR b AND c OR d'), or(word('a'), and(word('b'), word('c')), word('d')));
  });

  it('takes keywords in any case, and && || as AND OR', () => {
    assert.deepEqual(parseQuery('a and b'), parseQuery('a AND b'));
    assert.deepEqual(parseQuery('a Or b'), or(word('a'), word('b')));
    assert.deepEqual(parseQuery('a && b || c'), or(and(word('a'), word('b')), word('c')));
  });

  it('negates with NOT, not, -, ! and ignores +', () => {
    assert.deepEqual(parseQuery('NOT a'), not(word('a')));
    assert.deepEqual(parseQuery('not a'), not(word('a')));
    assert.deepEqual(parseQuery('-a'), not(word('a')));
    assert.deepEqual(parseQuery('!a'), not(word('a')));
    assert.deepEqual(parseQuery('! a'), not(word('a')));
    assert.deepEqual(parseQuery('- a'), not(word('a')));
    assert.deepEqual(parseQuery('+a'), word('a'));
    assert.deepEqual(parseQuery('a -b'), and(word('a'), not(word('b'))));
    assert.deepEqual(parseQuery('NOT -a'), not(not(word('a'))));
  });

  it('negates fields, phrases and groups', () => {
    assert.deepEqual(parseQuery('-in:trash'), not({ kind: 'folder', path: 'trash', subfolders: false }));
    assert.deepEqual(parseQuery('-"a b"'), not(phrase('a b')));
    assert.deepEqual(parseQuery('-(a OR b)'), not(or(word('a'), word('b'))));
    assert.deepEqual(parseQuery('NOT (a b)'), not(and(word('a'), word('b'))));
  });

  it('groups with nested parentheses', () => {
    assert.deepEqual(parseQuery('(a OR (b c)) d'), and(or(word('a'), and(word('b'), word('c'))), word('d')));
    assert.deepEqual(parseQuery('((a))'), word('a'));
    assert.deepEqual(parseQuery('a AND (b AND c)'), and(word('a'), word('b'), word('c')));
    assert.deepEqual(parseQuery('(a OR b)(c OR d)'), and(or(word('a'), word('b')), or(word('c'), word('d'))));
  });

  it('keeps a word with an inner hyphen or plus as one word', () => {
    assert.deepEqual(parseQuery('foo-bar c++'), and(word('foo-bar'), word('c++')));
  });
});

describe('query parser: quotes', () => {
  it('reads quoted text as a phrase, alone or after a field', () => {
    assert.deepEqual(parseQuery('"a b"'), phrase('a b'));
    assert.deepEqual(parseQuery('subject:"a b"'), { kind: 'text', field: 'subject', text: 'a b', match: 'phrase' });
    assert.deepEqual(parseQuery('in:"My Folder"'), { kind: 'folder', path: 'My Folder', subfolders: false });
    assert.deepEqual(parseQuery('tag:"Urgent Stuff"'), { kind: 'tag', name: 'Urgent Stuff' });
  });

  it('keeps keywords, parentheses and colons inside quotes as text', () => {
    assert.deepEqual(parseQuery('"a OR (b) c:d"'), phrase('a OR (b) c:d'));
    assert.deepEqual(parseQuery('subject:"9:30"'), { kind: 'text', field: 'subject', text: '9:30', match: 'phrase' });
  });

  it('unescapes \\" inside quotes', () => {
    assert.deepEqual(parseQuery('"say \\"hi\\""'), phrase('say "hi"'));
  });

  it('splits a word from a quote that touches it', () => {
    assert.deepEqual(parseQuery('foo"bar baz"'), and(word('foo'), phrase('bar baz')));
  });
});

describe('query parser: fields', () => {
  it('takes field names in any case', () => {
    assert.deepEqual(parseQuery('FROM:bob'), from('bob'));
    assert.deepEqual(parseQuery('Subject:hi'), { kind: 'text', field: 'subject', text: 'hi', match: 'words' });
    assert.deepEqual(parseQuery('IS:UNREAD'), { kind: 'flag', flag: 'u', set: true });
  });

  it('allows space between a field and its value', () => {
    assert.deepEqual(parseQuery('in: inbox'), { kind: 'folder', path: 'inbox', subfolders: false });
    assert.deepEqual(parseQuery('from: "Bob Brown"'), { kind: 'text', field: 'from', text: 'Bob Brown', match: 'phrase' });
  });

  it('reads keywords right after a field as values', () => {
    assert.deepEqual(parseQuery('subject:and'), { kind: 'text', field: 'subject', text: 'and', match: 'words' });
    assert.deepEqual(parseQuery('from:not'), from('not'));
  });

  it('applies a field to every word of a parenthesised group', () => {
    assert.deepEqual(parseQuery('from:(alice OR bob)'), or(from('alice'), from('bob')));
    assert.deepEqual(parseQuery('from:(alice -bob)'), and(from('alice'), not(from('bob'))));
    assert.deepEqual(parseQuery('from:(alice (bob OR carol))'), and(from('alice'), or(from('bob'), from('carol'))));
  });

  it('keeps the sign of relative dates, also inside date groups', () => {
    assert.deepEqual(parseQuery('before:-1day'), { kind: 'date', relation: 'before', date: { kind: 'relative', amount: -1, unit: 'day' } });
    assert.deepEqual(
      parseQuery('date:(-1d OR +2w)'),
      or(
        { kind: 'date', relation: 'within', date: { kind: 'relative', amount: -1, unit: 'day' } },
        { kind: 'date', relation: 'within', date: { kind: 'relative', amount: 2, unit: 'week' } },
      ),
    );
    assert.deepEqual(parseQuery('date:(NOT -1d)'), not({ kind: 'date', relation: 'within', date: { kind: 'relative', amount: -1, unit: 'day' } }));
  });

  it('reads the text operators', () => {
    for (const field of ['content', 'subject', 'from', 'to', 'cc', 'tocc', 'tofrom', 'fromcc', 'tofromcc']) {
      assert.deepEqual(parseQuery(`${field}:x`), { kind: 'text', field, text: 'x', match: 'words' });
    }
  });

  it('reads a trailing * as a prefix search on words', () => {
    assert.deepEqual(parseQuery('intern*'), { kind: 'text', field: 'content', text: 'intern', match: 'prefix' });
    assert.deepEqual(parseQuery('subject:mile*'), { kind: 'text', field: 'subject', text: 'mile', match: 'prefix' });
    // in a phrase the star is just text; in an address it is a wildcard the compiler handles
    assert.deepEqual(parseQuery('"intern*"'), phrase('intern*'));
    assert.deepEqual(parseQuery('from:*.org'), from('*.org'));
  });

  it('reads in:, under:, inid:, underid:', () => {
    assert.deepEqual(parseQuery('in:Inbox/Sub'), { kind: 'folder', path: 'Inbox/Sub', subfolders: false });
    assert.deepEqual(parseQuery('under:"/Inbox"'), { kind: 'folder', path: '/Inbox', subfolders: true });
    assert.deepEqual(parseQuery('inid:257'), { kind: 'folder', id: 257, subfolders: false });
    assert.deepEqual(parseQuery('underid:2'), { kind: 'folder', id: 2, subfolders: true });
  });

  it('reads every is: value', () => {
    const flags: Record<string, [string, boolean]> = {
      read: ['u', false], unread: ['u', true], flagged: ['f', true], unflagged: ['f', false],
      replied: ['r', true], unreplied: ['r', false], answered: ['r', true], unanswered: ['r', false],
      forwarded: ['w', true], unforwarded: ['w', false], draft: ['d', true], sent: ['s', true],
      fromme: ['s', true], received: ['s', false], deleted: ['x', true], undeleted: ['x', false],
    };
    for (const [value, [flag, set]] of Object.entries(flags)) assert.deepEqual(parseQuery(`is:${value}`), { kind: 'flag', flag, set }, value);
    assert.deepEqual(parseQuery('is:anywhere'), { kind: 'anywhere' });
    assert.deepEqual(parseQuery('is:local'), { kind: 'all' });
    assert.deepEqual(parseQuery('is:remote'), { kind: 'none' });
    assert.deepEqual(parseQuery('is:solo'), { kind: 'solo' });
  });

  it('reads has:, tag: and flag tags', () => {
    assert.deepEqual(parseQuery('has:attachment'), { kind: 'attachment' });
    assert.deepEqual(parseQuery('has:Attachments'), { kind: 'attachment' });
    assert.deepEqual(parseQuery('tag:work'), { kind: 'tag', name: 'work' });
    assert.deepEqual(parseQuery('tag:\\Unread'), { kind: 'flag', flag: 'u', set: true });
    assert.deepEqual(parseQuery('tag:\\Attached'), { kind: 'attachment' });
  });

  it('reads item: lists, ranges, all and none', () => {
    assert.deepEqual(parseQuery('item:12'), { kind: 'item', ids: [12] });
    assert.deepEqual(parseQuery('item:1,2,3'), { kind: 'item', ids: [1, 2, 3] });
    assert.deepEqual(parseQuery('item:{4,5}'), { kind: 'item', ids: [4, 5] });
    assert.deepEqual(parseQuery('item:10--20'), { kind: 'itemRange', from: 10, to: 20 });
    assert.deepEqual(parseQuery('item:all'), { kind: 'all' });
    assert.deepEqual(parseQuery('item:none'), { kind: 'none' });
  });

  it('reads sizes in b, kb, mb, gb, case-insensitive, powers of 1024', () => {
    const size = (q: string) => parseQuery(q);
    assert.deepEqual(size('larger:500'), { kind: 'size', relation: 'gt', bytes: 500 });
    assert.deepEqual(size('larger:500b'), { kind: 'size', relation: 'gt', bytes: 500 });
    assert.deepEqual(size('larger:10kb'), { kind: 'size', relation: 'gt', bytes: 10240 });
    assert.deepEqual(size('bigger:10K'), { kind: 'size', relation: 'gt', bytes: 10240 });
    assert.deepEqual(size('smaller:1MB'), { kind: 'size', relation: 'lt', bytes: 1048576 });
    assert.deepEqual(size('smaller:2gb'), { kind: 'size', relation: 'lt', bytes: 2 * 1024 ** 3 });
    assert.deepEqual(size('size:1kb'), { kind: 'size', relation: 'eq', bytes: 1024 });
    assert.deepEqual(size('size:>1kb'), { kind: 'size', relation: 'gt', bytes: 1024 });
    assert.deepEqual(size('size:<1kb'), { kind: 'size', relation: 'lt', bytes: 1024 });
    assert.deepEqual(size('size:>=1kb'), { kind: 'size', relation: 'gt', bytes: 1023 });
    assert.deepEqual(size('size:<=1kb'), { kind: 'size', relation: 'lt', bytes: 1025 });
  });

  it('reads absolute, relative and epoch dates', () => {
    const date = (q: string) => (parseQuery(q) as { date: unknown }).date;
    assert.deepEqual(date('before:3/1/2024'), { kind: 'day', year: 2024, month: 3, day: 1, twoDigitYear: false });
    assert.deepEqual(date('before:03/01/2024'), { kind: 'day', year: 2024, month: 3, day: 1, twoDigitYear: false });
    assert.deepEqual(date('before:3/1/24'), { kind: 'day', year: 24, month: 3, day: 1, twoDigitYear: true });
    assert.deepEqual(date('before:2024-03-01'), { kind: 'day', year: 2024, month: 3, day: 1, twoDigitYear: false });
    assert.deepEqual(date('before:2/29/2024'), { kind: 'day', year: 2024, month: 2, day: 29, twoDigitYear: false });
    assert.deepEqual(date('after:today'), { kind: 'relative', amount: 0, unit: 'day' });
    assert.deepEqual(date('after:Yesterday'), { kind: 'relative', amount: -1, unit: 'day' });
    assert.deepEqual(date('after:-3'), { kind: 'relative', amount: -3, unit: 'day' });
    assert.deepEqual(date('after:+1day'), { kind: 'relative', amount: 1, unit: 'day' });
    assert.deepEqual(date('after:-2weeks'), { kind: 'relative', amount: -2, unit: 'week' });
    assert.deepEqual(date('after:-3months'), { kind: 'relative', amount: -3, unit: 'month' });
    assert.deepEqual(date('after:-1m'), { kind: 'relative', amount: -1, unit: 'month' });
    assert.deepEqual(date('after:-5mi'), { kind: 'relative', amount: -5, unit: 'minute' });
    assert.deepEqual(date('after:-4hours'), { kind: 'relative', amount: -4, unit: 'hour' });
    assert.deepEqual(date('after:-1Y'), { kind: 'relative', amount: -1, unit: 'year' });
    assert.deepEqual(date('date:1710461400000'), { kind: 'instant', ms: 1710461400000 });
  });

  it('reads date comparisons', () => {
    const relation = (q: string) => (parseQuery(q) as { relation: string }).relation;
    assert.equal(relation('before:3/1/2024'), 'before');
    assert.equal(relation('after:3/1/2024'), 'after');
    assert.equal(relation('date:3/1/2024'), 'within');
    assert.equal(relation('date:<3/1/2024'), 'before');
    assert.equal(relation('date:>3/1/2024'), 'after');
    assert.equal(relation('date:<=3/1/2024'), 'notAfter');
    assert.equal(relation('date:>=3/1/2024'), 'notBefore');
  });
});

describe('query parser: errors are mail.QUERY_PARSE_ERROR with the column', () => {
  it('refuses unbalanced parentheses', () => {
    refused('(a OR b', 1, 'PARSER_ERROR');
    refused('a (b (c)', 3);
    refused('a OR b)', 7);
    refused('a)', 2);
    refused('()', 1);
    refused('from:(alice', 6);
  });

  it('refuses unbalanced quotes', () => {
    refused('"a b', 1, 'LEXICAL_ERROR');
    refused('subject:"a b', 9, 'LEXICAL_ERROR');
    refused('a "b\\"', 3, 'LEXICAL_ERROR');
  });

  it('refuses unknown and unsupported operators', () => {
    refused('foo:bar', 1, 'LEXICAL_ERROR');
    refused('a iis:unread', 3, 'LEXICAL_ERROR');
    refused('9:30', 1, 'LEXICAL_ERROR');
    refused('filename:report.pdf', 1);
    refused('attachment:pdf');
    refused('is:tome', 4, 'UNKNOWN_TEXT_AFTER_IS');
    refused('is:bogus', 4, 'UNKNOWN_TEXT_AFTER_IS');
    refused('has:phone');
  });

  it('refuses bad dates with INVALID_DATE', () => {
    for (const q of ['before:13/1/2024', 'before:2/30/2024', 'before:2/29/2023', 'after:0/1/2024', 'date:3-1-2024', 'date:-1fortnight', 'before:soon', 'before:>3/1/2024', 'after:<=3/1/2024', 'date:>', 'date:2024-3-1']) {
      refused(q, undefined, 'INVALID_DATE');
    }
    refused('a before:tomorrow', 10, 'INVALID_DATE');
  });

  it('refuses bad sizes with INVALID_SIZE', () => {
    for (const q of ['larger:10xb', 'larger:1.5mb', 'smaller:-5', 'size:kb', 'size:>>1', 'larger:1e3']) refused(q, undefined, 'INVALID_SIZE');
    refused('a smaller:big', 11, 'INVALID_SIZE');
  });

  it('refuses a field without a value', () => {
    refused('from:', 1, 'MISSING_TEXT_AFTER_FIELD');
    refused('(from:)', 2, 'MISSING_TEXT_AFTER_FIELD');
    refused('subject:""', 9, 'MISSING_TEXT_AFTER_FIELD');
    refused('in:', 1, 'MISSING_TEXT_AFTER_FIELD');
  });

  it('refuses missing operands', () => {
    refused('a OR', 5);
    refused('OR a', 1);
    refused('a AND AND b', 7);
    refused('a OR OR b', 6);
    refused('NOT', 4);
    refused('-', 2);
    refused('a (OR b)', 4);
    refused('""', 1);
  });

  it('refuses misplaced wildcards and bad item ids', () => {
    refused('*foo', 1);
    refused('fo*o', 1);
    refused('*', 1);
    refused('subject:**', 9);
    refused('item:abc', 6);
    refused('item:1,x', 6);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    refused(`${'('.repeat(500)}a${')'.repeat(500)}`);
    refused(`${'-'.repeat(500)}a`);
  });
});
