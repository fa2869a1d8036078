import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { NatsObjectBlobStore } from '@gw/blob-store';
import { natsServers } from './config';

export const BLOB_STORE = Symbol('BLOB_STORE');
const BLOB_NATS = Symbol('BLOB_NATS');

/**
 * The content-addressed blob store for an edge: message bodies are too large for NATS
 * messages, so edges put raw content here and commands carry only its hash.
 */
@Module({})
export class BlobStoreModule implements OnApplicationShutdown {
  constructor(@Inject(BLOB_NATS) private readonly nc: NatsConnection) {}

  static register(clientName: string): DynamicModule {
    return {
      module: BlobStoreModule,
      providers: [
        { provide: BLOB_NATS, useFactory: () => connect({ servers: natsServers(), name: `${clientName}-blobs`, maxReconnectAttempts: -1, reconnectTimeWait: 500 }) },
        { provide: BLOB_STORE, useFactory: (nc: NatsConnection) => NatsObjectBlobStore.create(nc), inject: [BLOB_NATS] },
      ],
      exports: [BLOB_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}
