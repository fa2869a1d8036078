import { DynamicModule, Module } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { BUS_CLIENT_PROXY, BusClient } from './bus-client';
import { natsServers, requestTimeoutMs } from './config';

/** Gives a service a BusClient to send commands and queries to other services. */
@Module({})
export class BusModule {
  static register(clientName: string): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [
        {
          provide: BUS_CLIENT_PROXY,
          useFactory: () =>
            ClientProxyFactory.create({
              transport: Transport.NATS,
              options: { servers: natsServers(), name: clientName, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
            }),
        },
        {
          provide: BusClient,
          useFactory: (proxy: ClientProxy) => new BusClient(proxy, requestTimeoutMs()),
          inject: [BUS_CLIENT_PROXY],
        },
      ],
      exports: [BusClient, BUS_CLIENT_PROXY],
    };
  }
}
