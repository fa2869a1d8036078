/** Where a stored blob can be found again, and how big it is. */
export interface BlobRef {
  /** SHA-256 of the content, lower-case hex: the blob's only name. */
  hash: string;
  /** Content length in bytes. */
  size: number;
}

/**
 * Content-addressed storage for immutable bytes (raw messages, attachments, documents).
 *
 * The same bytes always get the same hash, so `put` is idempotent: storing content that is
 * already there costs a lookup, not a second copy. Blobs are never modified; events refer to
 * them by hash, which is why there is no delete here (garbage collection is a separate concern).
 */
export interface BlobStore {
  put(data: Buffer): Promise<BlobRef>;
  /** Throws BlobNotFoundError when no blob has this hash. */
  get(hash: string): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
}

export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';

  constructor(readonly hash: string) {
    super(`blob not found: ${hash}`);
    this.name = 'BlobNotFoundError';
  }
}

/** The stored bytes do not match their name: the store is damaged, retrying will not help. */
export class BlobIntegrityError extends Error {
  readonly code = 'BLOB_INTEGRITY';

  constructor(
    readonly hash: string,
    detail: string,
  ) {
    super(`blob ${hash} is corrupt: ${detail}`);
    this.name = 'BlobIntegrityError';
  }
}
