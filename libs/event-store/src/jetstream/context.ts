import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import type { RevisionCheck } from './revision-check';
import type { SubjectLayout } from './subject-layout';

/** What the adapter's collaborators share: one connection, one JetStream stream, one subject layout. */
export interface JetStreamContext {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** Name of the JetStream stream that holds every commit. */
  readonly streamName: string;
  readonly subjects: SubjectLayout;
  readonly revisionCheck: RevisionCheck;
}
