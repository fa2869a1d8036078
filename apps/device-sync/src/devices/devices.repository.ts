import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEVICE_EVENT_SCHEMA_VERSION, DeviceActor, DeviceEvent, devicesStream } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { AggregateOutcome, AggregateRepository, EVENT_STORE } from '@gw/service-infra';
import { AccountDevices, evolve, noDevices } from '../domain/device-state';
import { decide } from '../domain/decide';
import { DeviceCommand, DeviceDecideContext } from '../domain/device-command';

/** What a device command did; `position` is null when it changed nothing. */
export type DeviceOutcome = AggregateOutcome<AccountDevices, DeviceEvent>;

/**
 * The devices of each account at run time: one stream per account, folded on demand and kept in
 * a bounded cache (see AggregateRepository for the concurrency).
 */
@Injectable()
export class DevicesRepository extends AggregateRepository<AccountDevices, DeviceEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, {
      streamName: devicesStream,
      initialState: noDevices,
      evolve: (state, event) => evolve(state, event),
      schemaVersion: DEVICE_EVENT_SCHEMA_VERSION,
      cacheSize: 5000,
      busyMessage: 'devices busy, try again',
    });
  }

  execute(accountId: string, command: DeviceCommand, ctx: DeviceDecideContext, actor: DeviceActor, commandId: string = randomUUID()): Promise<DeviceOutcome> {
    return this.handle(accountId, (state) => decide(state, command, ctx), { commandId, actor, at: command.at });
  }
}
