import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { BlobNotFoundError, type BlobStore } from './blob-store';

/** Called once per case. Cases store random content, so one shared store serves them all. */
export type BlobStoreFactory = () => Promise<BlobStore>;

/** Registers, as node:test cases, the behaviour every BlobStore implementation must show. */
export function blobStoreConformance(name: string, factory: BlobStoreFactory): void {
  describe(`BlobStore conformance: ${name}`, () => {
    for (const [label, size] of [
      ['empty', 0],
      ['small', 100],
      ['5 MB', 5 * 1024 * 1024],
    ] as const) {
      it(`round-trips a ${label} blob under its SHA-256`, async () => {
        const store = await factory();
        const data = randomBytes(size);
        const ref = await store.put(data);
        assert.deepEqual(ref, { hash: sha256(data), size });
        assert.equal(await store.has(ref.hash), true);
        assert.ok((await store.get(ref.hash)).equals(data));
      });
    }

    it('gives equal content the same ref, however often it is put', async () => {
      const store = await factory();
      const data = randomBytes(1000);
      const first = await store.put(data);
      const second = await store.put(Buffer.from(data));
      assert.deepEqual(second, first);
      assert.ok((await store.get(first.hash)).equals(data));
    });

    it('stores concurrent puts of the same content once, all with the same ref', async () => {
      const store = await factory();
      const data = randomBytes(300 * 1024);
      const refs = await Promise.all(Array.from({ length: 8 }, () => store.put(Buffer.from(data))));
      for (const ref of refs) assert.deepEqual(ref, refs[0]);
      assert.ok((await store.get(refs[0].hash)).equals(data));
    });

    it('reports an unknown hash as absent and its get as BlobNotFoundError', async () => {
      const store = await factory();
      const unknown = sha256(randomBytes(16));
      assert.equal(await store.has(unknown), false);
      await assert.rejects(store.get(unknown), (error: unknown) => {
        assert.ok(error instanceof BlobNotFoundError);
        assert.equal(error.hash, unknown);
        return true;
      });
    });

    it('treats a malformed hash as not found rather than failing otherwise', async () => {
      const store = await factory();
      for (const hash of ['', 'not-a-hash', 'g'.repeat(64), '../etc/passwd']) {
        assert.equal(await store.has(hash), false);
        await assert.rejects(store.get(hash), BlobNotFoundError);
      }
    });

    it('accepts the hash in upper case', async () => {
      const store = await factory();
      const data = randomBytes(64);
      const { hash } = await store.put(data);
      assert.equal(await store.has(hash.toUpperCase()), true);
      assert.ok((await store.get(hash.toUpperCase())).equals(data));
    });

    it('is not affected by callers changing buffers they passed in or got back', async () => {
      const store = await factory();
      const data = randomBytes(64);
      const original = Buffer.from(data);
      const { hash } = await store.put(data);
      data.fill(0);
      (await store.get(hash)).fill(0);
      assert.ok((await store.get(hash)).equals(original));
    });
  });
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
