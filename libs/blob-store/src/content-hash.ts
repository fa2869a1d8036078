import { createHash } from 'node:crypto';
import type { BlobRef } from './blob-store';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function blobRefOf(data: Uint8Array): BlobRef {
  return { hash: createHash('sha256').update(data).digest('hex'), size: data.length };
}

/**
 * The canonical (lower-case) form of a hash, or undefined when it cannot name any blob. Hashes
 * arrive from clients and other services, so a malformed one is "not found", not a crash.
 */
export function canonicalHash(hash: string): string | undefined {
  const lower = typeof hash === 'string' ? hash.toLowerCase() : '';
  return SHA256_HEX.test(lower) ? lower : undefined;
}

/**
 * The digest the NATS Object Store records for this content ("SHA-256=" + padded base64url, as
 * nats.js writes it). Comparing it with an object's metadata checks content without reading it.
 */
export function natsDigestOf(hash: string): string {
  const padded = Buffer.from(hash, 'hex').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return `SHA-256=${padded}`;
}
