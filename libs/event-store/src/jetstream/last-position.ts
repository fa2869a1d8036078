import type { MsgRequest, StoredMsg } from 'nats';
import { isJsApiError, JsApiError } from './api-errors';
import type { JetStreamContext } from './context';

/** The stream's revision: the sequence of the newest message on its subject, or null when it has none. */
export async function lastPositionOf(ctx: JetStreamContext, subject: string): Promise<bigint | null> {
  const message = await getMessageOrNull(ctx, { last_by_subj: subject });
  return message ? BigInt(message.seq) : null;
}

/** The first message on `subject` at or after `sequence`, or null. */
export async function nextMessageOn(ctx: JetStreamContext, subject: string, sequence: bigint): Promise<StoredMsg | null> {
  // The server answers `next_by_subj` on STREAM.MSG.GET since 2.9; nats.js only types it for direct get.
  const request = { seq: Number(sequence), next_by_subj: subject } as unknown as MsgRequest;
  return getMessageOrNull(ctx, request);
}

async function getMessageOrNull(ctx: JetStreamContext, request: MsgRequest): Promise<StoredMsg | null> {
  try {
    return await ctx.jsm.streams.getMessage(ctx.streamName, request);
  } catch (error) {
    if (isJsApiError(error, JsApiError.NoMessageFound)) return null;
    throw error;
  }
}
