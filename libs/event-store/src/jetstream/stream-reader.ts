import type { RecordedEvent, ReadStreamResult } from '../event-store';
import { decodeCommit } from './commit-codec';
import type { JetStreamContext } from './context';
import { openEphemeralConsumer } from './ephemeral-consumer';
import { lastPositionOf } from './last-position';

/** Large enough that a stream of a few thousand commits loads in a handful of round trips. */
const FETCH_BATCH = 1000;
const FETCH_EXPIRES_MS = 5000;

/**
 * Reads one stream's commits after `after` through a consumer filtered on the stream's subject.
 * The consumer's pending count at creation is the snapshot: commits appended while reading are
 * left out, and the revision returned is that of the last commit read, so a caller deciding on
 * these events and appending with that revision is protected by the concurrency check.
 */
export async function readStreamCommits(ctx: JetStreamContext, stream: string, after: bigint): Promise<ReadStreamResult> {
  const subject = ctx.subjects.subjectOf(stream);
  const opened = await openEphemeralConsumer(ctx, {
    startSequence: after + 1n,
    filterSubject: subject,
    idleThresholdMs: 30_000,
  });
  try {
    if (opened.pendingAtStart === 0) {
      return { events: [], revision: await lastPositionOf(ctx, subject) };
    }
    const events: RecordedEvent[] = [];
    let revision: bigint | null = null;
    let remaining = opened.pendingAtStart;
    while (remaining > 0) {
      const batch = await opened.consumer.fetch({ max_messages: Math.min(remaining, FETCH_BATCH), expires: FETCH_EXPIRES_MS });
      let received = 0;
      for await (const message of batch) {
        const commit = decodeCommit(message.data, stream, BigInt(message.seq));
        events.push(...commit.events);
        revision = commit.position;
        received += 1;
        remaining -= 1;
      }
      // A silently shortened read would hand the caller a wrong picture of the stream.
      if (received === 0) throw new Error(`reading stream ${stream}: ${remaining} commit(s) were not delivered`);
    }
    return { events, revision };
  } finally {
    opened.dispose();
  }
}
