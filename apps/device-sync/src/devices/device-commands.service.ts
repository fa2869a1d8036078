import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { BusReply, DeviceActor, DeviceCommandName, DeviceCommandPayload, DeviceInfo } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { ReadModelSet } from '@gw/service-infra';
import { DEVICE_SYNC_CONFIG } from '../infrastructure/tokens';
import { DeviceSyncConfig } from '../infrastructure/config';
import { requirePrincipal, targetAccount } from '../domain/access';
import { DeviceCommand, DeviceDecideContext } from '../domain/device-command';
import { AccountDevices } from '../domain/device-state';
import { deviceInfo } from '../domain/device-view';
import { DeviceOutcome, DevicesRepository } from './devices.repository';

export interface Stamp {
  at: number;
  by: DeviceActor;
}

/** A payload as a domain command: the account goes to the stream name, the stamp is added. */
export function stamped<N extends Exclude<DeviceCommandName, 'Provision'>>(type: N, payload: DeviceCommandPayload<N>, stamp: Stamp): DeviceCommand {
  const { accountId: _, ...fields } = payload as DeviceCommandPayload<N> & { accountId?: string };
  // The mapped DeviceCommand type cannot be checked against a generic N; its parts can.
  return { type, ...fields, ...stamp } as DeviceCommand;
}

/**
 * Runs device commands for the controllers: resolves whose devices a request acts on, stamps
 * the command with the clock and the caller, appends, and replies once the read model has the
 * change (read-your-writes), with its position.
 */
@Injectable()
export class DeviceCommands {
  /** The service's clock; the domain never reads one. */
  now: () => number = Date.now;

  constructor(
    private readonly repository: DevicesRepository,
    private readonly readModels: ReadModelSet,
    @Inject(DEVICE_SYNC_CONFIG) private readonly config: DeviceSyncConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get context(): DeviceDecideContext {
    return { staticFolders: this.config.staticFolders, syncRecordIntervalMs: this.config.syncRecordIntervalMs };
  }

  async run(accountId: string, command: DeviceCommand, commandId?: string): Promise<DeviceOutcome> {
    const outcome = await this.repository.execute(accountId, command, this.context, command.by, commandId);
    if (outcome.position !== null) await this.readModels.waitFor(outcome.position);
    return outcome;
  }

  /** The device as replies show it, or null when the account no longer has it. */
  view(accountId: string, state: AccountDevices, deviceId: string): DeviceInfo | null {
    const device = state.devices.get(deviceId);
    return device ? deviceInfo(accountId, device, this.config.staticFolders) : null;
  }

  /** A bus request carrying a command: the caller's own devices, or an admin's choice of account. */
  handle<S extends z.ZodTypeAny, R>(
    raw: unknown,
    schema: S,
    toCommand: (payload: z.infer<S>, stamp: Stamp) => DeviceCommand,
    reply: (outcome: DeviceOutcome, accountId: string, command: DeviceCommand) => R,
  ): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request.principal);
      const accountId = targetAccount(principal, (payload as { accountId?: string }).accountId);
      const command = toCommand(payload, { at: this.now(), by: { id: principal.id, name: principal.name } });
      const outcome = await this.run(accountId, command, request.id);
      return { result: reply(outcome, accountId, command), position: outcome.position ?? undefined };
    });
  }
}
