import { Module } from '@nestjs/common';
import { BlobStoreModule, BusModule, createLogger, healthController, LOGGER, SystemHealthProbe } from '@gw/nats-bus';
import { EXPRESSO_GATEWAY_CONFIG, loadExpressoGatewayConfig } from './config';
import { ExpressoDispatcher } from './expresso/expresso-dispatcher';
import { ResourceRegistry } from './expresso/resource';
import { ExpressoHttpServer } from './http/expresso-http.server';
import { ALL_RESOURCES } from './resources';

/** The Expresso mobile API edge: HTTP in, NATS out. Stateless, so any number of instances can run. */
@Module({
  imports: [BusModule.register('jsonrpc-gateway'), BlobStoreModule.register('jsonrpc-gateway')],
  controllers: [healthController('jsonrpc-gateway')],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('jsonrpc-gateway') },
    { provide: EXPRESSO_GATEWAY_CONFIG, useFactory: () => loadExpressoGatewayConfig() },
    { provide: ResourceRegistry, useFactory: () => new ResourceRegistry(ALL_RESOURCES) },
    ExpressoDispatcher,
    SystemHealthProbe,
    ExpressoHttpServer,
  ],
})
export class JsonrpcGatewayModule {}
