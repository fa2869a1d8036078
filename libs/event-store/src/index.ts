export * from './event-store';
export {
  JetStreamEventStore,
  type JetStreamConnectOptions,
  type JetStreamEventStoreOptions,
} from './jetstream-event-store';
export type { RevisionCheck } from './jetstream/revision-check';
export { ConnectionLostError } from './jetstream/connection-watch';
export { eventStoreConformance, type EventStoreFactory, type EventStoreUnderTest } from './conformance';
