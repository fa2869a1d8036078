import { AdditionalFolder, DeviceActor, DeviceCommandName, DeviceCommandPayload } from '@gw/contracts';

/** Everything a decision needs from outside the stream. */
export interface DeviceDecideContext {
  /** Additional folders configured on the server: listed with every device, never changed by commands. */
  staticFolders: readonly AdditionalFolder[];
  /**
   * A device syncs every few minutes (and pings in between): its last sync time is recorded at
   * most once per this interval, so the account's stream does not grow with every request.
   */
  syncRecordIntervalMs: number;
}

/** Stamped by the service: the clock and the caller, so the domain reads neither. */
interface Stamp {
  at: number;
  by: DeviceActor;
}

type OtherCommandName = Exclude<DeviceCommandName, 'Provision'>;

/**
 * Every change the account's devices accept, as plain data: a bus payload (without the account,
 * which names the stream) plus the stamp. Provision also carries the key the service drew at
 * random for whatever key this step may hand out.
 */
export type DeviceCommand =
  | ({ type: 'Provision'; newPolicyKey: string } & Stamp & DeviceCommandPayload<'Provision'>)
  | { [N in OtherCommandName]: { type: N } & Stamp & Omit<DeviceCommandPayload<N>, 'accountId'> }[OtherCommandName];

export type CommandOf<N extends DeviceCommandName> = Extract<DeviceCommand, { type: N }>;
