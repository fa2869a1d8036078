export * from './event-store';
export {
  JetStreamEventStore,
  type JetStreamConnectOptions,
  type JetStreamEventStoreOptions,
} from './jetstream-event-store';
export { eventStoreConformance, type EventStoreFactory, type EventStoreUnderTest } from './conformance';
