import { nanos, RetentionPolicy, StorageType, type StreamConfig } from 'nats';
import { isJsApiError, JsApiError } from './api-errors';
import type { JetStreamContext } from './context';

export interface EventStreamSettings {
  replicas: number;
  duplicateWindowMs: number;
}

/**
 * Makes sure the JetStream stream that holds the commits exists and returns its configuration.
 * Creating an identical stream is idempotent on the server, so several processes starting at once
 * are fine; an existing stream is left as configured (operators may have tuned it) as long as it
 * captures our subjects.
 */
export async function ensureEventStream(
  ctx: Pick<JetStreamContext, 'jsm' | 'streamName' | 'subjects'>,
  settings: EventStreamSettings,
): Promise<StreamConfig> {
  const { jsm, streamName, subjects } = ctx;
  try {
    const info = await jsm.streams.info(streamName);
    assertCapturesSubjects(info.config, subjects.all);
    return info.config;
  } catch (error) {
    if (!isJsApiError(error, JsApiError.StreamNotFound)) throw error;
  }
  try {
    const created = await jsm.streams.add({
      name: streamName,
      subjects: [subjects.all],
      storage: StorageType.File,
      // Limits retention without limits: commits are kept forever.
      retention: RetentionPolicy.Limits,
      num_replicas: settings.replicas,
      duplicate_window: nanos(settings.duplicateWindowMs),
    });
    return created.config;
  } catch (error) {
    // Lost a creation race against a process with a different config: accept theirs if usable.
    if (!isJsApiError(error, JsApiError.StreamNameInUse)) throw error;
    const { config } = await jsm.streams.info(streamName);
    assertCapturesSubjects(config, subjects.all);
    return config;
  }
}

function assertCapturesSubjects(config: StreamConfig, wanted: string): void {
  if (!config.subjects?.includes(wanted)) {
    throw new Error(
      `JetStream stream ${config.name} exists but does not capture ${wanted} (subjects: ${JSON.stringify(config.subjects)})`,
    );
  }
}
