import { blobStoreConformance, InMemoryBlobStore } from '@gw/blob-store';
import assert from 'node:assert/strict';
import { it } from 'node:test';

blobStoreConformance('InMemoryBlobStore', async () => new InMemoryBlobStore());

it('InMemoryBlobStore keeps one copy of equal content', async () => {
  const store = new InMemoryBlobStore();
  await store.put(Buffer.from('same'));
  await store.put(Buffer.from('same'));
  assert.equal(store.count, 1);
});
