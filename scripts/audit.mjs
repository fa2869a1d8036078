// npm run audit -- <account name or id>: that account's history from the event store — what
// happened, when, and by whom — including what happened under its earlier names.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './lib/prerequisites.mjs';
import { nats, natsUrlOfRunningSystem } from './lib/ops.mjs';

const require = createRequire(join(root, 'package.json'));
const { JetStreamEventStore } = require('@gw/event-store');
const { directoryEventSubjects } = require('@gw/contracts');

const wanted = (process.argv[2] ?? '').trim().toLowerCase();
if (!wanted) {
  console.error('usage: npm run audit -- <account name or id>');
  process.exit(2);
}

const nc = await nats.connect({ servers: natsUrlOfRunningSystem().split(','), name: 'audit' });
const store = await JetStreamEventStore.fromConnection(nc);
const events = [];
const ids = new Set();
const sub = store.subscribeToAll({
  after: 0n,
  handler: async (commit) => {
    for (const e of commit.events) events.push(e);
  },
});
await sub.caughtUp;
await sub.close();

// Names change (rename) and are reused (delete, create): follow ids that ever carried the name.
for (const e of events) {
  const d = e.data ?? {};
  const names = [d.name, d.newName, d.oldName, d.alias].filter(Boolean).map((n) => String(n).toLowerCase());
  if (d.accountId && (names.includes(wanted) || d.accountId.toLowerCase() === wanted)) ids.add(d.accountId);
}
if (!ids.size) {
  console.error(`no account named or identified by ${wanted} in the event store`);
  await nc.close();
  process.exit(1);
}

const summary = (data) =>
  JSON.stringify(data, (key, value) => (key === 'passwordHash' ? (value ? '(hash)' : null) : value));
let count = 0;
for (const e of events) {
  const subjects = directoryEventSubjects({ type: e.type, data: e.data });
  const mine = subjects.some((s) => ids.has(s)) || e.stream.endsWith(`-${[...ids][0]}`);
  if (!mine) continue;
  count++;
  const actor = e.metadata?.actor ? `${e.metadata.actor.name}` : 'unknown';
  console.log(`${e.metadata?.at ?? '?'}  #${e.position}  ${e.type.padEnd(28)} by ${actor.padEnd(28)} ${summary(e.data)}`);
}
console.log(`${count} events for account ${[...ids].join(', ')}`);
await nc.close();
