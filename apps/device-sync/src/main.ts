import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { DeviceSyncModule } from './device-sync.module';

void startService('device-sync', DeviceSyncModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'device-sync', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
