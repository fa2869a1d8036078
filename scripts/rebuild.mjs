// npm run rebuild: every service with read models replays the event store into a scratch
// database and compares it with its live one. Exit status 0 when all are equal.
import { askService, nats, natsUrlOfRunningSystem } from './lib/ops.mjs';

const SERVICES_WITH_READ_MODELS = ['mailbox', 'im-presence', 'device-sync', 'notifier'];

const nc = await nats.connect({ servers: natsUrlOfRunningSystem().split(','), name: 'rebuild' });
let allEqual = true;
try {
  for (const service of SERVICES_WITH_READ_MODELS) {
    const report = await askService(nc, `ops.${service}.RebuildReadModels`, {}, 300_000);
    for (const p of report.projections) {
      const verdict = p.equal ? 'EQUAL' : 'DIFFERENT';
      console.log(`${service}/${p.projection} (${p.backend}) rebuilt to position ${p.position}: ${verdict}`);
      for (const d of p.differences ?? []) {
        if (d.onlyLive || d.onlyRebuilt) console.log(`  ${d.table}: ${d.onlyLive} rows only live, ${d.onlyRebuilt} only rebuilt`);
      }
    }
    allEqual &&= report.equal;
  }
} finally {
  await nc.close();
}
console.log(allEqual ? 'rebuilt read models equal the live ones' : 'rebuilt read models DIFFER from the live ones');
process.exit(allEqual ? 0 : 1);
