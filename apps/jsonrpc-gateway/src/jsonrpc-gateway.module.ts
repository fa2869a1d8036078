import { Module } from '@nestjs/common';
import { BusModule, createLogger, healthController, LOGGER, SystemHealthProbe } from '@gw/nats-bus';
import { ExpressoHttpServer } from './expresso-http.server';

@Module({
  imports: [BusModule.register('jsonrpc-gateway')],
  controllers: [healthController('jsonrpc-gateway')],
  providers: [{ provide: LOGGER, useFactory: () => createLogger('jsonrpc-gateway') }, SystemHealthProbe, ExpressoHttpServer],
})
export class JsonrpcGatewayModule {}
