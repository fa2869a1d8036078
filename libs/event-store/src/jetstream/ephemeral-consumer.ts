import { AckPolicy, DeliverPolicy, nanos, type Consumer } from 'nats';
import type { JetStreamContext } from './context';

export interface OpenedConsumer {
  consumer: Consumer;
  /** Matching messages that existed when the consumer was created. */
  pendingAtStart: number;
  /** Best effort: the server also removes it once idle, so failures are not worth reporting. */
  dispose(): void;
}

/**
 * A throwaway pull consumer that reads the commit stream from `startSequence` on. Nothing is
 * acknowledged: the reader tracks its own position, and a lost consumer is simply recreated from
 * there. Memory storage and a short idle threshold keep abandoned ones cheap.
 */
export async function openEphemeralConsumer(
  ctx: JetStreamContext,
  options: { startSequence: bigint; filterSubject?: string; idleThresholdMs: number },
): Promise<OpenedConsumer> {
  const { jsm, js, streamName } = ctx;
  const info = await jsm.consumers.add(streamName, {
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.StartSequence,
    // JetStream sequences start at 1; 0 is rejected for a start sequence.
    opt_start_seq: Number(options.startSequence < 1n ? 1n : options.startSequence),
    ...(options.filterSubject ? { filter_subject: options.filterSubject } : {}),
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: nanos(options.idleThresholdMs),
  });
  return {
    consumer: js.consumers.getPullConsumerFor(info),
    pendingAtStart: info.num_pending,
    dispose: () => {
      jsm.consumers.delete(streamName, info.name).catch(() => undefined);
    },
  };
}
