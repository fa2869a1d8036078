import type { Commit, NewEvent, RecordedEvent } from '../event-store';

/**
 * The payload of one JetStream message: the events of one commit as JSON. Where an event lives
 * (stream, position, index) is implied by the message's subject and sequence, so storing it
 * would only let the two disagree.
 */
type StoredEvent = Pick<NewEvent, 'id' | 'type' | 'schemaVersion' | 'data' | 'metadata'>;

/** JSON has no bigint; domain data carries revisions and positions, so tag them to survive. */
const BIGINT_TAG = '$bigint';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function encodeCommit(events: readonly NewEvent[]): Uint8Array {
  // Pick the fields explicitly: callers may hand back RecordedEvents they read earlier.
  const stored: StoredEvent[] = events.map(({ id, type, schemaVersion, data, metadata }) => ({
    id,
    type,
    schemaVersion,
    data,
    metadata,
  }));
  return utf8Encoder.encode(JSON.stringify(stored, (_key, value: unknown) =>
    typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value,
  ));
}

export function decodeCommit(payload: Uint8Array, stream: string, position: bigint): Commit {
  const stored = JSON.parse(utf8Decoder.decode(payload), reviveBigint) as StoredEvent[];
  const events: RecordedEvent[] = stored.map((event, index) => ({ ...event, stream, position, index }));
  return { position, stream, events };
}

function reviveBigint(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== BIGINT_TAG) return value;
  const digits = (value as Record<string, unknown>)[BIGINT_TAG];
  return typeof digits === 'string' ? BigInt(digits) : value;
}
