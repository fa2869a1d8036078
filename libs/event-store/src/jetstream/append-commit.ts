import { headers, type MsgHdrs } from 'nats';
import { setTimeout as sleep } from 'node:timers/promises';
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
import { streamHead } from './stream-head';

const MSG_ID = 'Nats-Msg-Id';
const EXPECTED_LAST_SUBJECT_SEQUENCE = 'Nats-Expected-Last-Subject-Sequence';
const EXPECTED_LAST_SEQUENCE = 'Nats-Expected-Last-Sequence';
/** A fenced append loses to any concurrent append anywhere; give up only under sustained contention. */
const FENCED_ATTEMPTS = 50;

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
  const payload = encodeCommit(events);
  const firstEventId = events[0].id;
  const fenced = ctx.revisionCheck === 'fenced' && typeof expected === 'bigint' && expected > 0n;
  for (let attempt = 1; ; attempt++) {
    const head = fenced ? await streamHead(ctx) : undefined;
    try {
      const ack = await ctx.js.publish(subject, payload, { headers: appendHeaders(firstEventId, expected, head) });
      return { position: BigInt(ack.seq), duplicate: ack.duplicate };
    } catch (error) {
      if (expected === 'any' || !isJsApiError(error, JsApiError.WrongLastSequence)) throw error;
      const earlier = await findEarlierAppend(ctx, subject, firstEventId, expected);
      if (earlier !== null) return { position: earlier, duplicate: true };
      // A fenced failure may only mean that the head moved; the server's number is then the head's.
      const actual = fenced
        ? await lastPositionOf(ctx, subject)
        : (lastSequenceFromWrongSequenceError(error) ?? (await lastPositionOf(ctx, subject)));
      if (!fenced || actual !== expected) {
        throw new WrongExpectedRevisionError(stream, expected, actual === 0n || actual === null ? null : actual);
      }
      if (attempt >= FENCED_ATTEMPTS) {
        throw new Error(`append to ${stream}: other appends kept moving the store's head; try again`);
      }
      // Spread the retries of appends that lost to each other.
      await sleep(Math.random() * Math.min(attempt, 10) * 2);
    }
  }
}

function appendHeaders(firstEventId: string, expected: ExpectedRevision, head: bigint | undefined): MsgHdrs {
  const result = headers();
  result.set(MSG_ID, firstEventId);
  if (expected !== 'any') {
    // Set by hand: nats.js's `expect` option would drop the 0 that means "no such subject yet".
    result.set(EXPECTED_LAST_SUBJECT_SEQUENCE, expected === 'no_stream' ? '0' : expected.toString());
  }
  if (head !== undefined) result.set(EXPECTED_LAST_SEQUENCE, head.toString());
  return result;
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
