import 'reflect-metadata';
import { startService } from '@gw/nats-bus';
import { MailboxModule } from './mailbox.module';

void startService('mailbox', MailboxModule).catch((err) => {
  console.error(JSON.stringify({ level: 60, service: 'mailbox', msg: 'failed to start', err: String(err?.stack ?? err) }));
  process.exit(1);
});
