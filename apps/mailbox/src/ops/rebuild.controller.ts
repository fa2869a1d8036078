import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { opsSubject } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { compareDatabases, Database, rebuildProjection, scratchDatabaseFor } from '@gw/read-model';
import { EVENT_STORE, MAILBOX_CONFIG, READ_MODEL_DB } from '../infrastructure/tokens';
import { MailboxConfig } from '../infrastructure/config';
import { MAILBOX_PROJECTIONS, ReadModels } from '../infrastructure/read-models';

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
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
    private readonly readModels: ReadModels,
  ) {}

  @MessagePattern(opsSubject('mailbox', 'RebuildReadModels'))
  async rebuild() {
    const projections = MAILBOX_PROJECTIONS;
    const reports = [];
    for (const projection of projections) {
      const scratch = await scratchDatabaseFor({ url: this.config.databaseUrl, schema: 'mailbox' });
      try {
        const { position } = await rebuildProjection({ store: this.store, projection, scratch });
        await this.readModels.waitFor(position);
        const comparison = await compareDatabases(this.live, scratch, projection.tables);
        reports.push({ projection: projection.name, position: position.toString(), backend: this.live.kind, ...comparison });
      } finally {
        await scratch.close();
      }
    }
    return { service: 'mailbox', equal: reports.every((r) => r.equal), projections: reports };
  }
}
