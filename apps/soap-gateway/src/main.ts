import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { SoapGatewayModule } from './soap-gateway.module';

void startService('soap-gateway', SoapGatewayModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'soap-gateway', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
