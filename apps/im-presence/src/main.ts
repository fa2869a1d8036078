import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { ImPresenceModule } from './im-presence.module';

void startService('im-presence', ImPresenceModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'im-presence', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
