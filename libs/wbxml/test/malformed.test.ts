import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, DEFAULT_LIMITS, el, encode, WbxmlError, type DecodeOptions, type WbxmlErrorCode } from '../src';
import { DOCUMENTS } from './support/documents';

/** A document: the ActiveSync header, then the body bytes (numbers or arrays of them). */
const doc = (...body: (number | number[])[]) => Buffer.from([0x03, 0x01, 0x6a, 0x00, ...body.flat()]);
/** Provision page, Provision element with content: the start of most test bodies. */
const PROVISION = [0x00, 0x0e, 0x45];

function rejects(input: Uint8Array, code: WbxmlErrorCode, offset?: number, options?: DecodeOptions): WbxmlError {
  let caught: unknown;
  try {
    decode(input, options);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof WbxmlError, `expected WbxmlError ${code}, got ${caught === undefined ? 'a result' : String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (offset !== undefined) assert.equal(caught.offset, offset, caught.message);
  assert.match(caught.message, new RegExp(`^WBXML ${code}`));
  return caught;
}

describe('decode refuses malformed input', () => {
  it('truncated: empty input, header cut short, no root element', () => {
    rejects(Buffer.alloc(0), 'TRUNCATED', 0);
    rejects(Buffer.from([0x03, 0x01, 0x6a]), 'TRUNCATED', 3);
    rejects(doc(), 'TRUNCATED', 4);
    rejects(doc(0x00, 0x0e), 'TRUNCATED', 6);
  });

  it('truncated: open element, SWITCH_PAGE without its page, string without NUL, short opaque', () => {
    const error = rejects(doc(...PROVISION, 0x4b, 0x03, 0x31, 0x00), 'TRUNCATED', 11);
    assert.match(error.message, /inside <Status>/);
    rejects(doc(...PROVISION, 0x00), 'TRUNCATED', 8);
    rejects(doc(...PROVISION, 0x4b, 0x03, 0x31, 0x32), 'TRUNCATED', 9);
    rejects(doc(...PROVISION, 0x4b, 0xc3, 0x05, 0x61, 0x62, 0x01, 0x01), 'TRUNCATED', 10);
    rejects(doc(...PROVISION, 0x4b, 0xc3, 0x81), 'TRUNCATED', 10);
    // Every proper prefix of a real document.
    const full = encode(DOCUMENTS.provisionResponse);
    for (let length = 0; length < full.length; length++) rejects(full.subarray(0, length), 'TRUNCATED');
  });

  it('bad header: WBXML version, public id, charset, string table', () => {
    rejects(Buffer.from([0x02, 0x01, 0x6a, 0x00, 0x45, 0x01]), 'BAD_HEADER', 0);
    rejects(Buffer.from([0x03, 0x00, 0x00, 0x6a, 0x00, 0x45, 0x01]), 'BAD_HEADER', 1); // public id as string table index
    rejects(Buffer.from([0x03, 0x02, 0x6a, 0x00, 0x45, 0x01]), 'BAD_HEADER', 1);
    rejects(Buffer.from([0x03, 0x01, 0x04, 0x00, 0x45, 0x01]), 'BAD_HEADER', 2); // ISO-8859-1
    rejects(Buffer.from([0x03, 0x01, 0x87, 0x77, 0x00, 0x45, 0x01]), 'BAD_HEADER', 2); // UTF-16 (1015)
    rejects(Buffer.from([0x03, 0x01, 0x6a, 0x02, 0x61, 0x00, 0x45, 0x01]), 'BAD_HEADER', 3);
  });

  it('bad mb_u_int32: longer than 5 bytes, or above 2^32 - 1', () => {
    rejects(doc(...PROVISION, 0x4b, 0xc3, 0x81, 0x81, 0x81, 0x81, 0x81, 0x00), 'BAD_MB_UINT32', 9);
    rejects(doc(...PROVISION, 0x4b, 0xc3, 0x90, 0x80, 0x80, 0x80, 0x00), 'BAD_MB_UINT32', 9);
    rejects(Buffer.from([0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 'BAD_MB_UINT32', 1);
    // 2^32 - 1 itself is a valid length; here it only runs past the end.
    rejects(doc(...PROVISION, 0x4b, 0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f), 'TRUNCATED');
  });

  it('unknown code page: 3 (AirNotify, unused), 26 and beyond', () => {
    rejects(doc(0x00, 0x03, 0x45, 0x01), 'UNKNOWN_CODE_PAGE', 5);
    rejects(doc(0x00, 0x1a, 0x45, 0x01), 'UNKNOWN_CODE_PAGE', 5);
    rejects(doc(...PROVISION, 0x00, 0xff, 0x01), 'UNKNOWN_CODE_PAGE', 8);
  });

  it('unknown tag token in the current code page', () => {
    rejects(doc(0x7f, 0x01), 'UNKNOWN_TAG', 4); // AirSync has nothing at 0x3F
    const error = rejects(doc(0x00, 0x0f, 0x46, 0x01), 'UNKNOWN_TAG', 6); // Search 0x06 is unused
    assert.match(error.message, /code page 15 \(Search\)/);
    rejects(doc(0x00, 0x11, 0x09), 'UNKNOWN_TAG', 6); // AirSyncBase 0x09
  });

  it('tokens ActiveSync does not use: attributes, ENTITY, LITERAL, EXT, PI, STR_T', () => {
    for (const token of [0x02, 0x04, 0x40, 0x41, 0x42, 0x43, 0x44, 0x80, 0x81, 0x82, 0x83, 0x84, 0xc0, 0xc1, 0xc2, 0xc4]) {
      rejects(doc(...PROVISION, token, 0x00, 0x00, 0x01), 'UNSUPPORTED_TOKEN', 7);
    }
    rejects(doc(...PROVISION, 0x8b, 0x01, 0x01), 'UNSUPPORTED_TOKEN', 7); // Status with attributes
    rejects(doc(...PROVISION, 0xcb, 0x01, 0x01, 0x01), 'UNSUPPORTED_TOKEN', 7); // with attributes and content
  });

  it('text, opaque data or END outside the root element', () => {
    rejects(doc(0x03, 0x61, 0x00, 0x45, 0x01), 'BAD_STRUCTURE', 4);
    rejects(doc(0xc3, 0x01, 0x61, 0x45, 0x01), 'BAD_STRUCTURE', 4);
    rejects(doc(0x01), 'BAD_STRUCTURE', 4);
  });

  it('trailing data: bytes, a second root, an extra END after the root', () => {
    rejects(doc(...PROVISION, 0x01, 0xff), 'TRAILING_DATA', 8);
    rejects(doc(...PROVISION, 0x01, 0x45, 0x01), 'TRAILING_DATA', 8);
    rejects(doc(...PROVISION, 0x01, 0x01), 'TRAILING_DATA', 8);
    rejects(doc(0x00, 0x0e, 0x0c, 0x00), 'TRAILING_DATA', 7); // root without content, then SWITCH_PAGE
    rejects(Buffer.concat([encode(DOCUMENTS.folderSyncRequest), Buffer.from([0x00])]), 'TRAILING_DATA');
  });

  it('inline strings that are not UTF-8', () => {
    rejects(doc(...PROVISION, 0x4b, 0x03, 0xc3, 0x28, 0x00, 0x01, 0x01), 'INVALID_UTF8', 9); // bad continuation
    rejects(doc(...PROVISION, 0x4b, 0x03, 0xed, 0xa0, 0x80, 0x00, 0x01, 0x01), 'INVALID_UTF8', 9); // surrogate
    rejects(doc(...PROVISION, 0x4b, 0x03, 0xc0, 0xaf, 0x00, 0x01, 0x01), 'INVALID_UTF8', 9); // overlong '/'
    rejects(doc(...PROVISION, 0x4b, 0x03, 0xe9, 0x00, 0x01, 0x01), 'INVALID_UTF8', 9); // Latin-1 é
  });

  it('depth limit: 64 nested elements pass, 65 do not; the limit can be lowered', () => {
    const nested = (depth: number) => doc(Array(depth).fill(0x45), Array(depth).fill(0x01));
    assert.equal(DEFAULT_LIMITS.maxDepth, 64);
    assert.doesNotThrow(() => decode(nested(64)));
    rejects(nested(65), 'DEPTH_LIMIT', 4 + 64);
    rejects(nested(4), 'DEPTH_LIMIT', 4 + 3, { maxDepth: 3 });
    // A deep document costs no stack: the limit, not recursion, is what stops it.
    assert.doesNotThrow(() => decode(nested(100_000), { maxDepth: Infinity }));
  });

  it('size limits: bytes and nodes', () => {
    const bytes = encode(DOCUMENTS.folderSyncResponse);
    rejects(bytes, 'SIZE_LIMIT', 0, { maxBytes: bytes.length - 1 });
    assert.doesNotThrow(() => decode(bytes, { maxBytes: bytes.length }));
    rejects(bytes, 'SIZE_LIMIT', undefined, { maxNodes: 20 });
    // Many empty elements: each costs one byte of input, the node limit stops them.
    const flat = doc(0x45, Array(200_000).fill(0x0e), 0x01);
    rejects(flat, 'SIZE_LIMIT');
    assert.equal(decode(flat, { maxNodes: 200_001 }).children.length, 200_000);
  });

  it('is given bytes', () => {
    assert.throws(() => decode('03016a00' as unknown as Uint8Array), TypeError);
  });
});

describe('decode never crashes or hangs on damaged documents', () => {
  // A small deterministic PRNG (mulberry32) so failures reproduce.
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('flipped, inserted and deleted bytes give a tree or a WbxmlError, nothing else', () => {
    const originals = Object.values(DOCUMENTS).map((d) => encode(d));
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = [...originals[i % originals.length]];
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const at = 4 + Math.floor(random() * (bytes.length - 4));
        const kind = random();
        if (kind < 0.6) bytes[at] = Math.floor(random() * 256);
        else if (kind < 0.8) bytes.splice(at, 0, Math.floor(random() * 256));
        else bytes.splice(at, 1);
      }
      try {
        decode(Buffer.from(bytes));
      } catch (e) {
        if (!(e instanceof WbxmlError)) throw new Error(`${Buffer.from(bytes).toString('hex')}: ${String(e)}`);
        refused++;
      }
    }
    assert.ok(refused > 2500, `${refused} of 5000 refused`);
  });

  it('a long run of SWITCH_PAGEs is just slow input, not a loop', () => {
    const switches = Array.from({ length: 100_000 }, () => [0x00, 0x0e]).flat();
    assert.deepEqual(decode(doc(switches, 0x0c)), el('Provision', 'RemoteWipe'));
  });
});
