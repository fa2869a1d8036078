// The im-presence service against a real nats-server, for integration tests: the controllers
// (called with bus envelopes), the repository appending to the JetStream event store, the IM
// projection into an in-memory PGlite, and the queries. Addresses resolve through a fixed address
// book (the mailbox's ResolveRecipient in the service). Providers come from the build (dist).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BusReply, Principal } from '@gw/contracts';
import { JetStreamEventStore } from '@gw/event-store';
import { createLogger } from '@gw/nats-bus';
import { Database, openDatabase } from '@gw/read-model';
import { ReadModelSet, StoreConfig } from '@gw/service-infra';
import { startNatsServer, TestNatsServer } from '@gw/testing';
import { IM_PRESENCE_PROJECTIONS, IM_PRESENCE_UNAVAILABLE } from '../dist/infrastructure/projections';
import { ImGatewayConfig } from '../dist/infrastructure/config';
import { ImRepository } from '../dist/im/im.repository';
import { ImReadModel } from '../dist/im/im.read-model';
import { ImCommands } from '../dist/im/im-commands.service';
import { AddressBook } from '../dist/im/address-book';
import { ImGateways } from '../dist/im/gateways';
import { ImCommandsController } from '../dist/controllers/im-commands.controller';
import { ImQueriesController } from '../dist/controllers/im-queries.controller';
import { ImGatewaysController } from '../dist/controllers/im-gateways.controller';

export const config = { readYourWritesTimeoutMs: 5000 } as StoreConfig;
export const logger = createLogger('im-presence', { LOG_LEVEL: 'silent' });

/** A user with a fresh account id (tests share nothing with each other). */
export const user = (local: string, domain = 'example.org'): Principal => ({ id: `${local}-${randomUUID()}`, name: `${local}@${domain}`, isAdmin: false, tokenId: `t-${local}` });

export const envelope = (principal: Principal | undefined, payload: unknown) => ({ id: randomUUID(), ...(principal ? { principal } : {}), payload });

export function ok<R>(reply: BusReply<R>): R {
  if (!reply.ok) assert.fail(`${reply.error.code}: ${reply.error.message}`);
  return reply.result;
}

export function refused(reply: BusReply<unknown>, code: string) {
  assert.equal(reply.ok, false, 'refused');
  if (!reply.ok) assert.equal(reply.error.code, code, reply.error.message);
}

class FixedAddressBook extends AddressBook {
  constructor(private readonly accounts: readonly Principal[]) {
    super();
  }

  async lookup(address: string) {
    const p = this.accounts.find((x) => x.name === address);
    return p ? { accountId: p.id, name: p.name } : null;
  }
}

export interface ImService {
  server: TestNatsServer;
  store: JetStreamEventStore;
  db: Database;
  readModels: ReadModelSet;
  commands: ImCommandsController;
  queries: ImQueriesController;
  gateways: ImGatewaysController;
  /** The services' clock (ms); tests move it. */
  clock: { now: number };
  stop(): Promise<void>;
}

export async function startImService(accounts: readonly Principal[], gatewayServices: ImGatewayConfig[] = []): Promise<ImService> {
  const server = await startNatsServer();
  const store = await JetStreamEventStore.connect({ servers: server.url });
  const db = await openDatabase({ schema: 'im_presence' });
  const readModels = new ReadModelSet(db, store, config, IM_PRESENCE_PROJECTIONS, logger, { unavailableMessage: IM_PRESENCE_UNAVAILABLE });
  await readModels.onModuleInit();
  const clock = { now: 1_700_000_000_000 };
  const im = new ImCommands(new ImRepository(store), readModels, new FixedAddressBook(accounts), logger);
  im.now = () => clock.now;
  const readModel = new ImReadModel(db);
  const queries = new ImQueriesController(readModel, readModels, logger);
  queries.now = () => clock.now;
  const gateways = new ImGatewaysController(im, readModel, readModels, new ImGateways(gatewayServices), logger);
  gateways.now = () => clock.now;
  return {
    server,
    store,
    db,
    readModels,
    commands: new ImCommandsController(im),
    queries,
    gateways,
    clock,
    async stop() {
      await readModels.onModuleDestroy();
      await db.close();
      await store.close();
      await server.stop();
    },
  };
}
