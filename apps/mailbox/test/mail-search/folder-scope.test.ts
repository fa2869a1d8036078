// Which folders a query names, and whether the default Trash/Junk exclusion still applies.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultExcludedFolderIds, includesTrashOrJunk, mentionsFolders, parseQuery } from '../../src/mail/search';
import { resolveFolders } from '../../src/mail/search/folder-scope';

const FOLDERS = [
  { id: 1, path: '/' },
  { id: 2, path: '/Posteingang' }, // a localised Inbox: still id 2
  { id: 3, path: '/Trash' },
  { id: 4, path: '/Junk' },
  { id: 5, path: '/Sent' },
  { id: 300, path: '/Trash/Kept' },
  { id: 301, path: '/Inboxes' }, // a user folder whose path starts like another's
  { id: 302, path: '/Inboxes/A' },
];

const resolve = (query: string) => {
  const node = parseQuery(query);
  assert.equal(node.kind, 'folder');
  return resolveFolders(node as Parameters<typeof resolveFolders>[0], FOLDERS);
};
const excluded = (query: string) => defaultExcludedFolderIds(parseQuery(query), FOLDERS);

describe('folder resolution', () => {
  it('finds system folders by name through their fixed ids', () => {
    assert.deepEqual(resolve('in:inbox'), [2]);
    assert.deepEqual(resolve('in:Inbox'), [2]);
    assert.deepEqual(resolve('in:posteingang'), [2]);
    assert.deepEqual(resolve('in:"/Posteingang"'), [2]);
  });

  it('compares paths case-insensitively with or without the leading slash', () => {
    assert.deepEqual(resolve('in:/trash/kept'), [300]);
    assert.deepEqual(resolve('in:Trash/Kept/'), [300]);
    assert.equal(resolve('in:Kept'), null);
    assert.equal(resolve('in:nowhere'), null);
  });

  it('takes subfolders for under:, by path boundary', () => {
    assert.deepEqual(resolve('under:trash'), [3, 300]);
    assert.deepEqual(resolve('under:inboxes'), [301, 302]);
    assert.deepEqual(resolve('under:/'), FOLDERS.map((f) => f.id));
    assert.deepEqual(resolve('underid:3'), [3, 300]);
    assert.equal(resolve('inid:999'), null);
  });
});

describe('default Trash/Junk exclusion', () => {
  it('excludes both when the query names no folder', () => {
    for (const q of ['', 'quarterly', 'in:sent', 'is:unread OR from:bob']) assert.deepEqual(excluded(q), [3, 4], q);
  });

  it('keeps the one the query asks for', () => {
    assert.deepEqual(excluded('in:trash'), [4]);
    assert.deepEqual(excluded('in:junk'), [3]);
    assert.deepEqual(excluded('under:trash'), [4]);
    assert.deepEqual(excluded('in:trash OR in:junk'), []);
    assert.deepEqual(excluded('foo (in:junk OR bar)'), [3]);
    assert.deepEqual(excluded('inid:3'), [4]);
  });

  it('keeps both for is:anywhere and under the root', () => {
    assert.deepEqual(excluded('is:anywhere'), []);
    assert.deepEqual(excluded('quarterly is:anywhere'), []);
    assert.deepEqual(excluded('under:/'), []);
  });

  it('does not count negated folder terms, but does count doubly negated ones', () => {
    assert.deepEqual(excluded('-in:trash'), [3, 4]);
    assert.deepEqual(excluded('NOT (in:trash OR in:junk)'), [3, 4]);
    assert.deepEqual(excluded('NOT -in:trash'), [4]);
    assert.deepEqual(excluded('-is:anywhere'), [3, 4]);
  });

  it('does not count a subfolder of Trash as Trash (its messages are not excluded anyway)', () => {
    assert.deepEqual(excluded('in:trash/kept'), [3, 4]);
  });

  it('ignores unknown folders here (compiling reports them)', () => {
    assert.deepEqual(excluded('in:nowhere'), [3, 4]);
  });

  it('answers the yes/no questions too', () => {
    assert.equal(mentionsFolders(parseQuery('from:bob')), false);
    assert.equal(mentionsFolders(parseQuery('from:bob in:inbox')), true);
    assert.equal(mentionsFolders(parseQuery('is:anywhere')), true);
    assert.equal(mentionsFolders(parseQuery('-in:inbox')), false);
    assert.equal(includesTrashOrJunk(parseQuery('in:inbox'), FOLDERS), false);
    assert.equal(includesTrashOrJunk(parseQuery('in:junk'), FOLDERS), true);
    assert.equal(includesTrashOrJunk(parseQuery('is:anywhere'), FOLDERS), true);
  });
});
