import { BlobNotFoundError, type BlobRef, type BlobStore } from './blob-store';
import { blobRefOf, canonicalHash } from './content-hash';

/**
 * A BlobStore in process memory, for unit tests of code that stores blobs. It copies on the way
 * in and out, so a test that reuses or mutates a Buffer cannot change what was "stored".
 */
export class InMemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  async put(data: Buffer): Promise<BlobRef> {
    const ref = blobRefOf(data);
    if (!this.blobs.has(ref.hash)) this.blobs.set(ref.hash, Buffer.from(data));
    return ref;
  }

  async get(hash: string): Promise<Buffer> {
    const blob = this.blobs.get(canonicalHash(hash) ?? '');
    if (!blob) throw new BlobNotFoundError(hash);
    return Buffer.from(blob);
  }

  async has(hash: string): Promise<boolean> {
    return this.blobs.has(canonicalHash(hash) ?? '');
  }

  /** Number of distinct blobs held, so tests can see that equal content is stored once. */
  get count(): number {
    return this.blobs.size;
  }
}
