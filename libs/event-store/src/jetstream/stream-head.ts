import type { JetStreamContext } from './context';

/** Position of the newest commit; the stream's last sequence is 0 while it is empty. */
export async function streamHead(ctx: JetStreamContext): Promise<bigint> {
  const info = await ctx.jsm.streams.info(ctx.streamName);
  return BigInt(info.state.last_seq);
}
