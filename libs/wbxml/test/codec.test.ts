import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, el, encode, HEADER, WbxmlError, type WbxmlElement } from '../src';
import { DOCUMENTS } from './support/documents';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const doc = (...body: number[]) => Buffer.from([0x03, 0x01, 0x6a, 0x00, ...body]);

describe('encode/decode round trips', () => {
  const more: Record<string, WbxmlElement> = {
    // Protocol 16.1: wipe of the ActiveSync account only.
    accountOnlyRemoteWipe: el('Provision', 'Provision', el('Provision', 'Status', 1), el('Provision', 'AccountOnlyRemoteWipe')),
    find: el(
      'Find',
      'Find',
      el('Find', 'SearchId', 'a1'),
      el('Find', 'ExecuteSearch', el('Find', 'MailBoxSearchCriterion', el('Find', 'Query', el('Find', 'FreeText', 'relatório')))),
    ),
    // OPAQUE where no libwbxml "binary" element is, and text and elements mixed.
    opaqueAnywhere: el('Email2', 'ConversationIndex', Buffer.from([0, 1, 2, 0xff, 0])),
    mixed: el('AirSync', 'Sync', 'before', el('AirSync', 'Status', 1), Buffer.from('bytes'), 'after'),
    // Every byte value and a long string.
    allBytes: el('AirSyncBase', 'Content', Buffer.from(Array.from({ length: 256 }, (_, i) => i))),
    longText: el('Notes', 'Subject', 'x'.repeat(100_000) + '\u{1F600}'),
  };
  for (const [name, tree] of Object.entries({ ...DOCUMENTS, ...more })) {
    it(`${name}: decode(encode(tree)) is the tree, encode(decode(bytes)) the bytes`, () => {
      const bytes = encode(tree);
      assert.equal(hex(bytes.subarray(0, 4)), '03016a00');
      assert.deepEqual(decode(bytes), tree);
      assert.equal(hex(encode(decode(bytes))), hex(bytes));
    });
  }
});

describe('encode: the bytes', () => {
  it('writes the header of MS-ASWBXML: 03 01 6A 00', () => {
    assert.equal(hex(HEADER), '03016a00');
  });

  it('FolderSync with SyncKey 0, the first request of every device', () => {
    const bytes = encode(el('FolderHierarchy', 'FolderSync', el('FolderHierarchy', 'SyncKey', '0')));
    // SWITCH_PAGE 7, FolderSync (0x16|0x40), SyncKey (0x12|0x40), STR_I "0", END, END.
    assert.equal(hex(bytes), '03016a00' + '0007' + '56' + '52' + '033000' + '01' + '01');
  });

  it('Provision response status: SWITCH_PAGE 14, Provision, Status 1', () => {
    assert.equal(hex(encode(el('Provision', 'Provision', el('Provision', 'Status', 1)))), '03016a00000e454b0331000101');
  });

  it('no SWITCH_PAGE for page 0, and only where the page changes', () => {
    const tree = el(
      'AirSync',
      'Sync',
      el('AirSync', 'Options', el('AirSyncBase', 'BodyPreference', el('AirSyncBase', 'Type', 1)), el('AirSync', 'MIMESupport', 2)),
    );
    // Sync, Options, SWITCH 17, BodyPreference, Type "1", END, END, SWITCH 0, MIMESupport "2" ...
    assert.equal(hex(encode(tree)), '03016a00' + '45' + '57' + '0011' + '45' + '46033100' + '01' + '01' + '0000' + '62033200' + '01' + '01' + '01');
  });

  it('an element without content (or only empty strings) has no content flag and no END', () => {
    assert.equal(hex(encode(el('Provision', 'Provision', el('Provision', 'RemoteWipe')))), '03016a00000e450c01');
    assert.equal(hex(encode(el('Provision', 'Provision', el('Provision', 'RemoteWipe', '')))), '03016a00000e450c01');
    assert.deepEqual(decode(encode(el('Provision', 'RemoteWipe', '', ''))), el('Provision', 'RemoteWipe'));
  });

  it('OPAQUE lengths are mb_u_int32: 0, 127, 128, 16383, 16384 bytes', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [127, '7f'],
      [128, '8100'],
      [16383, 'ff7f'],
      [16384, '818000'],
    ];
    for (const [length, mb] of cases) {
      const data = Buffer.alloc(length, 0x61);
      const bytes = encode(el('ComposeMail', 'Mime', data));
      assert.equal(hex(bytes.subarray(0, 8)), '03016a00' + '0015' + '50' + 'c3', `length ${length}`);
      assert.equal(hex(bytes.subarray(8, 8 + mb.length / 2)), mb, `length ${length}`);
      assert.equal(bytes.length, 4 + 2 + 1 + 1 + mb.length / 2 + length + 1);
      assert.deepEqual(decode(bytes), el('ComposeMail', 'Mime', data));
    }
  });

  it('writes UTF-8 text as STR_I', () => {
    assert.equal(hex(encode(el('Notes', 'Subject', 'Olá €'))), '03016a00' + '0017' + '45' + '03' + Buffer.from('Olá €').toString('hex') + '00' + '01');
  });
});

describe('encode: refusals', () => {
  const refuses = (tree: unknown, code: string) =>
    assert.throws(
      () => encode(tree as WbxmlElement),
      (e: unknown) => e instanceof WbxmlError && e.code === code,
    );

  it('an unknown namespace or a tag its code page does not have', () => {
    refuses({ ns: 'AirNotify', name: 'Notify', children: [] }, 'UNKNOWN_CODE_PAGE');
    refuses({ ns: 'Provision', name: 'Model', children: [] }, 'UNKNOWN_TAG');
    refuses(el('Provision', 'Provision', { ns: 'Settings', name: 'Policy', children: [] } as WbxmlElement), 'UNKNOWN_TAG');
  });

  it('text WBXML cannot carry: NUL, lone surrogates', () => {
    refuses(el('Notes', 'Subject', 'a\0b'), 'INVALID_TREE');
    refuses(el('Notes', 'Subject', 'half \uD83D pair'), 'INVALID_TREE');
  });

  it('anything that is not a tree', () => {
    refuses(null, 'INVALID_TREE');
    refuses({ ns: 'Notes', name: 'Subject' }, 'INVALID_TREE');
    refuses({ ns: 'Notes', name: 'Subject', children: [42] }, 'INVALID_TREE');
  });

  it('nesting deeper than 64 and cyclic trees', () => {
    let deep = el('AirSync', 'Sync');
    for (let i = 1; i < 64; i++) deep = el('AirSync', 'Sync', deep);
    assert.doesNotThrow(() => encode(deep));
    refuses(el('AirSync', 'Sync', deep), 'DEPTH_LIMIT');
    const cycle = el('AirSync', 'Sync');
    cycle.children.push(cycle);
    refuses(cycle, 'DEPTH_LIMIT');
  });
});

describe('decode: content', () => {
  it('joins adjacent inline strings and drops empty ones', () => {
    const bytes = doc(0x00, 0x17, 0x45, 0x03, 0x61, 0x00, 0x03, 0x00, 0x03, 0x62, 0x63, 0x00, 0x01);
    assert.deepEqual(decode(bytes), el('Notes', 'Subject', 'abc'));
  });

  it('keeps whitespace and a BOM in text as they are', () => {
    const text = '\uFEFF  two  spaces \n';
    assert.deepEqual(decode(encode(el('Notes', 'Subject', text))), el('Notes', 'Subject', text));
  });

  it('opaque data is a Buffer copy, not a view of the input', () => {
    const bytes = encode(el('ComposeMail', 'Mime', Buffer.from('abc')));
    const tree = decode(bytes);
    bytes.fill(0x7a);
    assert.ok(Buffer.isBuffer(tree.children[0]));
    assert.deepEqual(tree, el('ComposeMail', 'Mime', Buffer.from('abc')));
  });

  it('an element with the content flag but no content is an empty element', () => {
    assert.deepEqual(decode(doc(0x00, 0x0e, 0x45, 0x4c, 0x01, 0x01)), el('Provision', 'Provision', el('Provision', 'RemoteWipe')));
  });

  it('accepts redundant SWITCH_PAGEs, also before END', () => {
    assert.deepEqual(decode(doc(0x00, 0x00, 0x00, 0x0e, 0x00, 0x0e, 0x45, 0x00, 0x07, 0x01)), el('Provision', 'Provision'));
  });

  it('reads a Buffer slice with a byte offset', () => {
    const backing = Buffer.concat([Buffer.from('junk'), encode(DOCUMENTS.folderSyncResponse)]);
    assert.deepEqual(decode(backing.subarray(4)), DOCUMENTS.folderSyncResponse);
    assert.deepEqual(decode(new Uint8Array(backing.subarray(4))), DOCUMENTS.folderSyncResponse);
  });
});
