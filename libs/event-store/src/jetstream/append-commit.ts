import { headers, type JetStreamPublishOptions } from 'nats';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '../event-store';
import { isJsApiError, JsApiError, lastSequenceFromWrongSequenceError } from './api-errors';
import { encodeCommit } from './commit-codec';
import type { JetStreamContext } from './context';
import { lastPositionOf, nextMessageOn } from './last-position';

const MSG_ID = 'Nats-Msg-Id';
const EXPECTED_LAST_SUBJECT_SEQUENCE = 'Nats-Expected-Last-Subject-Sequence';

/**
 * Publishes one commit as one message. JetStream does both checks for us in the same step:
 * the expected last sequence on the stream's subject (optimistic concurrency) and the message id
 * within the duplicate window (idempotency, keyed by the first event's id).
 */
export async function appendCommit(
  ctx: JetStreamContext,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const subject = ctx.subjects.subjectOf(stream);
  const firstEventId = events[0].id;
  const publishHeaders = headers();
  publishHeaders.set(MSG_ID, firstEventId);
  if (expected !== 'any') {
    // Set by hand: nats.js's `expect` option would drop the 0 that means "no such subject yet".
    publishHeaders.set(EXPECTED_LAST_SUBJECT_SEQUENCE, expected === 'no_stream' ? '0' : expected.toString());
  }
  const options: Partial<JetStreamPublishOptions> = { headers: publishHeaders };
  try {
    const ack = await ctx.js.publish(subject, encodeCommit(events), options);
    return { position: BigInt(ack.seq), duplicate: ack.duplicate };
  } catch (error) {
    if (expected === 'any' || !isJsApiError(error, JsApiError.WrongLastSequence)) throw error;
    const earlier = await findEarlierAppend(ctx, subject, firstEventId, expected);
    if (earlier !== null) return { position: earlier, duplicate: true };
    const actual = lastSequenceFromWrongSequenceError(error) ?? (await lastPositionOf(ctx, subject)) ?? 0n;
    throw new WrongExpectedRevisionError(stream, expected, actual === 0n ? null : actual);
  }
}

/**
 * A retry of an append that did succeed fails the revision check once the duplicate window has
 * passed (or where the server checks revisions before duplicates). If the earlier attempt
 * succeeded, it did so under the same expectation, so it is exactly the stream's first commit
 * after the expected revision: one lookup tells whether this is a retry.
 */
async function findEarlierAppend(
  ctx: JetStreamContext,
  subject: string,
  firstEventId: string,
  expected: 'no_stream' | bigint,
): Promise<bigint | null> {
  const after = expected === 'no_stream' ? 0n : expected;
  const next = await nextMessageOn(ctx, subject, after + 1n);
  return next !== null && next.header?.get(MSG_ID) === firstEventId ? BigInt(next.seq) : null;
}
