import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { opsSubject } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { compareDatabases, Database, rebuildProjection, scratchDatabaseFor } from '@gw/read-model';
import { DEVICE_SYNC_CONFIG, EVENT_STORE, READ_MODEL_DB } from '../infrastructure/tokens';
import { DeviceSyncConfig } from '../infrastructure/config';
import { DEVICE_SYNC_PROJECTIONS, ReadModels } from '../infrastructure/read-models';

/**
 * `npm run rebuild`: replays the event store into a scratch database and compares it with the
 * live read model. It runs inside the service because an embedded PGlite database can only be
 * opened by the process that owns it.
 */
@Controller()
export class RebuildController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly live: Database,
    @Inject(DEVICE_SYNC_CONFIG) private readonly config: DeviceSyncConfig,
    private readonly readModels: ReadModels,
  ) {}

  @MessagePattern(opsSubject('device-sync', 'RebuildReadModels'))
  async rebuild() {
    const reports = [];
    for (const projection of DEVICE_SYNC_PROJECTIONS) {
      const scratch = await scratchDatabaseFor({ url: this.config.databaseUrl, schema: 'device_sync' });
      try {
        const { position } = await rebuildProjection({ store: this.store, projection, scratch });
        await this.readModels.waitFor(position);
        const comparison = await compareDatabases(this.live, scratch, projection.tables);
        reports.push({ projection: projection.name, position: position.toString(), backend: this.live.kind, ...comparison });
      } finally {
        await scratch.close();
      }
    }
    return { service: 'device-sync', equal: reports.every((r) => r.equal), projections: reports };
  }
}
