import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { NotifierModule } from './notifier.module';

void startService('notifier', NotifierModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'notifier', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
