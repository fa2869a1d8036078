import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { JsonrpcGatewayModule } from './jsonrpc-gateway.module';

void startService('jsonrpc-gateway', JsonrpcGatewayModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'jsonrpc-gateway', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
