// The SQL a query compiles to: parameters numbered after the caller's, user text only ever in
// parameters, and the shape of each operator's condition.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@gw/contracts';
import { compileQuery, parseQuery, SearchContext } from '../../src/mail/search';

const CTX: SearchContext = {
  folders: [
    { id: 1, path: '/' },
    { id: 2, path: '/Inbox' },
    { id: 3, path: '/Trash' },
    { id: 4, path: '/Junk' },
    { id: 257, path: '/Inbox/Sub' },
  ],
  tags: [{ id: 64, name: 'Work' }],
  now: new Date('2024-03-15T10:00:00Z'),
  paramOffset: 1,
};
const compile = (query: string, ctx: Partial<SearchContext> = {}) => compileQuery(parseQuery(query), { ...CTX, ...ctx });

describe('query compiler', () => {
  it('compiles the empty query to TRUE with no parameters', () => {
    assert.deepEqual(compile(''), { sql: 'TRUE', params: [] });
  });

  it('numbers parameters after the caller’s', () => {
    assert.deepEqual(compile('a b'), {
      sql: "(m.search @@ plainto_tsquery('simple', $2) AND m.search @@ plainto_tsquery('simple', $3))",
      params: ['a', 'b'],
    });
    assert.match(compile('a b', { paramOffset: 5 }).sql, /\$6\).*\$7\)/);
    assert.match(compile('a', { paramOffset: 0 }).sql, /\$1\)$/);
  });

  it('never puts user text into the SQL', () => {
    const hostile = [`from:"x' OR 1=1 --"`, `"'; DROP TABLE x; --"`, `subject:"$1 $$"`, 'tag:"a\'b"', `in:inbox "); --"`, `o'brien*`];
    for (const q of hostile) {
      const { sql } = compile(q);
      assert.doesNotMatch(sql, /1=1|DROP|brien|\$\$|"|--/, `${q} → ${sql}`);
      assert.equal((sql.match(/'/g) ?? []).length % 2, 0, `${q}: unbalanced quotes in ${sql}`);
    }
  });

  it('escapes LIKE wildcards in address searches and maps * to %', () => {
    assert.deepEqual(compile('from:50%_off\\'), {
      sql: "(m.from_addr ILIKE $2 ESCAPE '\\' OR m.from_name ILIKE $2 ESCAPE '\\')",
      params: ['%50\\%\\_off\\\\%'],
    });
    assert.deepEqual(compile('to:*.org').params, ['%%.org%']);
    assert.equal(compile('cc:x').sql, "m.cc_addrs ILIKE $2 ESCAPE '\\'");
    assert.match(compile('tocc:x').sql, /^\(m\.to_addrs ILIKE \$2 .* OR m\.cc_addrs ILIKE \$2 .*\)$/);
  });

  it('uses phrase and prefix tsqueries, quoting the prefix as one lexeme', () => {
    assert.deepEqual(compile('"a b"'), { sql: "m.search @@ phraseto_tsquery('simple', $2)", params: ['a b'] });
    assert.deepEqual(compile("o'bri\\en*"), { sql: "m.search @@ to_tsquery('simple', $2)", params: ["'o''bri\\\\en':*"] });
    assert.deepEqual(compile('subject:hi'), { sql: "to_tsvector('simple', m.subject) @@ plainto_tsquery('simple', $2)", params: ['hi'] });
  });

  it('compiles folders to ids, under: with the subfolders', () => {
    assert.deepEqual(compile('in:inbox'), { sql: 'm.folder_id = $2', params: [2] });
    assert.deepEqual(compile('under:inbox'), { sql: 'm.folder_id = ANY($2::int[])', params: [[2, 257]] });
    assert.deepEqual(compile('is:anywhere'), { sql: 'TRUE', params: [] });
    assert.deepEqual(compile('inid:999'), { sql: 'FALSE', params: [] });
  });

  it('refuses an unknown folder path with mail.NO_SUCH_FOLDER', () => {
    assert.throws(
      () => compile('in:"No Such"'),
      (e: unknown) => e instanceof DomainError && e.code === 'mail.NO_SUCH_FOLDER' && e.args?.path === 'No Such',
    );
  });

  it('compiles an unknown tag to FALSE and a known one to its id', () => {
    assert.deepEqual(compile('tag:nope'), { sql: 'FALSE', params: [] });
    assert.deepEqual(compile('-tag:nope'), { sql: 'NOT (FALSE)', params: [] });
    assert.deepEqual(compile('tag:WORK'), { sql: '$2 = ANY(m.tag_ids)', params: [64] });
  });

  it('compiles flags, attachments, sizes and ids', () => {
    assert.equal(compile('is:unread').sql, "strpos(m.flags, 'u') > 0");
    assert.equal(compile('is:read').sql, "strpos(m.flags, 'u') = 0");
    assert.equal(compile('has:attachment').sql, 'm.has_attachment');
    assert.deepEqual(compile('larger:10kb'), { sql: 'm.size > $2', params: [10240] });
    assert.deepEqual(compile('item:{1,2}'), { sql: 'm.id = ANY($2::int[])', params: [[1, 2]] });
    assert.deepEqual(compile('item:3--5'), { sql: 'm.id BETWEEN $2 AND $3', params: [3, 5] });
  });

  it('compiles dates to whole-day bounds in the zone', () => {
    const day = Date.parse('2024-03-14T00:00:00Z');
    const next = Date.parse('2024-03-15T00:00:00Z');
    assert.deepEqual(compile('before:3/14/2024'), { sql: 'm.date < $2', params: [day] });
    assert.deepEqual(compile('after:3/14/2024'), { sql: 'm.date >= $2', params: [next] });
    assert.deepEqual(compile('date:3/14/2024'), { sql: '(m.date >= $2 AND m.date < $3)', params: [day, next] });
    assert.deepEqual(compile('date:<=3/14/2024'), { sql: 'm.date < $2', params: [next] });
    assert.deepEqual(compile('date:>=3/14/2024'), { sql: 'm.date >= $2', params: [day] });
    assert.deepEqual(compile('date:yesterday').params, [day, next]);
    assert.deepEqual(compile('date:3/14/2024', { timeZone: 'Europe/Berlin' }).params, [day - 3600_000, next - 3600_000]);
  });

  it('reads the time zone only for date terms, so a bad zone fails date searches alone', () => {
    assert.deepEqual(compile('from:bob', { timeZone: 'Not/A_Zone' }).params, ['%bob%']);
    assert.throws(
      () => compile('from:bob after:yesterday', { timeZone: 'Not/A_Zone' }),
      (e: unknown) => e instanceof DomainError && e.code === 'service.INVALID_REQUEST',
    );
  });

  it('parenthesises so that NOT, AND and OR keep their meaning', () => {
    assert.equal(
      compile('-(is:unread OR is:flagged) has:attachment').sql,
      "(NOT ((strpos(m.flags, 'u') > 0 OR strpos(m.flags, 'f') > 0)) AND m.has_attachment)",
    );
  });
});
