import { Controller, Inject, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { opsSubject, ServiceName } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { compareDatabases, Database, rebuildProjection, scratchDatabaseFor } from '@gw/read-model';
import { EVENT_STORE, READ_MODEL_DB, READ_MODELS, STORE_CONFIG } from './tokens';
import { StoreConfig } from './config';
import type { ReadModelTracker } from './read-model-set';

export interface ProjectionRebuildReport {
  projection: string;
  position: string;
  backend: Database['kind'];
  equal: boolean;
  [key: string]: unknown;
}

export interface RebuildReport {
  service: string;
  equal: boolean;
  projections: ProjectionRebuildReport[];
}

export interface RebuildController {
  rebuild(): Promise<RebuildReport>;
}

/** A rebuild controller is constructed from the event store, the live database, the config and the read models. */
export type RebuildControllerType = Type<RebuildController> & {
  new (store: EventStore, live: Database, config: Pick<StoreConfig, 'databaseUrl'>, readModels: ReadModelTracker): RebuildController;
};

/**
 * `npm run rebuild` (ops.<service>.RebuildReadModels): replays the event store into a scratch
 * database and compares it with the live read model, projection by projection. It runs inside the
 * service because an embedded PGlite database can only be opened by the process that owns it.
 * The scratch database has the live one's schema.
 */
export function rebuildControllerFor(service: ServiceName): RebuildControllerType {
  @Controller()
  class ReadModelRebuildController implements RebuildController {
    constructor(
      @Inject(EVENT_STORE) readonly store: EventStore,
      @Inject(READ_MODEL_DB) readonly live: Database,
      @Inject(STORE_CONFIG) readonly config: Pick<StoreConfig, 'databaseUrl'>,
      @Inject(READ_MODELS) readonly readModels: ReadModelTracker,
    ) {}

    @MessagePattern(opsSubject(service, 'RebuildReadModels'))
    async rebuild(): Promise<RebuildReport> {
      const reports: ProjectionRebuildReport[] = [];
      for (const projection of this.readModels.projections) {
        const scratch = await scratchDatabaseFor({ url: this.config.databaseUrl, schema: this.live.schema });
        try {
          const { position } = await rebuildProjection({ store: this.store, projection, scratch });
          await this.readModels.waitFor(position);
          const comparison = await compareDatabases(this.live, scratch, projection.tables);
          reports.push({ projection: projection.name, position: position.toString(), backend: this.live.kind, ...comparison });
        } finally {
          await scratch.close();
        }
      }
      return { service, equal: reports.every((r) => r.equal), projections: reports };
    }
  }
  return ReadModelRebuildController;
}
