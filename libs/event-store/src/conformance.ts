import { describe } from 'node:test';
import { appendAndReadCases } from './conformance/append-and-read';
import type { EventStoreFactory } from './conformance/fixtures';
import { serverRestartCases } from './conformance/server-restart';
import { subscriptionCases } from './conformance/subscriptions';

export type { EventStoreFactory, EventStoreUnderTest } from './conformance/fixtures';

/**
 * Registers the behaviour every EventStore adapter must show as node:test cases. The factory is
 * called once per case; cases use their own stream names, so a shared store works too. Cases
 * involving `restartServer` are skipped for adapters that do not provide it.
 */
export function eventStoreConformance(name: string, factory: EventStoreFactory): void {
  describe(`EventStore conformance: ${name}`, () => {
    appendAndReadCases(factory);
    subscriptionCases(factory);
    serverRestartCases(factory);
  });
}
