import { StorageType, type NatsConnection, type ObjectInfo, type ObjectStore } from 'nats';
import { BlobIntegrityError, BlobNotFoundError, type BlobRef, type BlobStore } from './blob-store';
import { blobRefOf, canonicalHash, natsDigestOf } from './content-hash';
import { readObject } from './read-object';

export interface NatsObjectBlobStoreOptions {
  /** Object Store bucket (stream `OBJ_<bucket>`). Default `blobs`. */
  bucket?: string;
  /** Used only when the bucket is created; an existing bucket keeps its configuration. Default 1. */
  replicas?: number;
  /** How long a read waits for the next chunk before failing. Default 30 s. */
  chunkTimeoutMs?: number;
}

/**
 * BlobStore on the NATS JetStream Object Store: one object per blob, named by its SHA-256 hex,
 * stored on disk (File storage) and split into chunks by nats.js, so blobs larger than the
 * server's max_payload are fine.
 */
export class NatsObjectBlobStore implements BlobStore {
  /** Uploads under way in this process, so concurrent puts of equal content upload once. */
  private readonly uploads = new Map<string, Promise<void>>();

  private constructor(
    private readonly objects: ObjectStore,
    private readonly chunkTimeoutMs: number,
  ) {}

  /** Binds to the bucket, creating it when missing. */
  static async create(nc: NatsConnection, options: NatsObjectBlobStoreOptions = {}): Promise<NatsObjectBlobStore> {
    const { bucket = 'blobs', replicas = 1, chunkTimeoutMs = 30_000 } = options;
    const objects = await nc.jetstream().views.os(bucket, { storage: StorageType.File, replicas });
    return new NatsObjectBlobStore(objects, chunkTimeoutMs);
  }

  async put(data: Buffer): Promise<BlobRef> {
    const ref = blobRefOf(data);
    let upload = this.uploads.get(ref.hash);
    if (!upload) {
      upload = this.upload(ref, data).finally(() => this.uploads.delete(ref.hash));
      this.uploads.set(ref.hash, upload);
    }
    await upload;
    return ref;
  }

  async get(hash: string): Promise<Buffer> {
    const name = canonicalHash(hash);
    if (!name) throw new BlobNotFoundError(hash);
    const object = await this.objects.get(name);
    if (!object) throw new BlobNotFoundError(name);
    // nats.js verifies the chunks against the recorded digest; this verifies that digest is the
    // one the name promises (an object written under the wrong name would pass nats.js's check).
    if (object.info.digest !== natsDigestOf(name)) {
      object.error.catch(() => undefined);
      await object.data.cancel().catch(() => undefined);
      throw new BlobIntegrityError(name, `recorded digest ${object.info.digest} does not match the name`);
    }
    const data = await readObject(name, object, this.chunkTimeoutMs);
    if (data.length !== object.info.size) {
      throw new BlobIntegrityError(name, `read ${data.length} bytes, recorded size is ${object.info.size}`);
    }
    return data;
  }

  async has(hash: string): Promise<boolean> {
    const name = canonicalHash(hash);
    if (!name) return false;
    const info = await this.objects.info(name);
    return info !== null && !info.deleted;
  }

  private async upload(ref: BlobRef, data: Buffer): Promise<void> {
    const existing = await this.objects.info(ref.hash);
    if (existing && holds(existing, ref)) return;
    try {
      // Expecting the metadata revision we just saw (0: none) makes the first writer win. Without
      // it, a second writer of the same content would replace the metadata and purge the first
      // writer's chunks, under the feet of anyone reading them. A deleted or damaged object is
      // replaced (nats.js then purges its old chunks).
      await this.objects.putBlob({ name: ref.hash }, data, { previousRevision: existing?.revision ?? 0 });
    } catch (error) {
      // Losing the race to another writer of the same bytes is success; nats.js has already
      // purged the chunks this attempt wrote.
      const winner = await this.objects.info(ref.hash);
      if (winner && holds(winner, ref)) return;
      throw error;
    }
  }
}

/** Whether an object's metadata describes exactly this content (checked without reading it). */
function holds(info: ObjectInfo, ref: BlobRef): boolean {
  return !info.deleted && info.size === ref.size && info.digest === natsDigestOf(ref.hash);
}
