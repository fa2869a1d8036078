import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { MtaGatewayModule } from './mta-gateway.module';

void startService('mta-gateway', MtaGatewayModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'mta-gateway', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
