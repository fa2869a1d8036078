export { BlobIntegrityError, BlobNotFoundError, type BlobRef, type BlobStore } from './blob-store';
export { blobStoreConformance, type BlobStoreFactory } from './conformance';
export { InMemoryBlobStore } from './in-memory-blob-store';
export { NatsObjectBlobStore, type NatsObjectBlobStoreOptions } from './nats-object-blob-store';
