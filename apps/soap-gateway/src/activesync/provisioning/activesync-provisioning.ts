import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  BusReply,
  DeviceCommandName,
  DeviceCommandPayload,
  deviceCommandSubject,
  DeviceErrorCode,
  DeviceInfo,
  MailFolder,
  Principal,
  ProvisionResult,
  querySubject,
  reduceDeviceId,
} from '@gw/contracts';
import { BusClient, LOGGER, Logger } from '@gw/nats-bus';
import { decode, WbxmlElement, WbxmlError } from '@gw/wbxml';
import { ActiveSyncEdge, ActiveSyncReply, PROTOCOL_VERSIONS } from '../activesync-edge';
import { ActiveSyncRequest } from '../activesync-request';
import { FolderSyncStatus, plainReply, POLICY_TYPE, PolicyStatus, ProvisionStatus, refusalReply, wbxmlReply } from './activesync-status';
import { acknowledgementResponse, policyResponse, provisionStatusResponse, readProvisionRequest, remoteWipeResponse } from './provision-document';
import {
  countChanges,
  deviceHierarchy,
  folderSyncResponse,
  folderSyncStatusResponse,
  hierarchyChanges,
  newSyncKey,
  readFolderSyncKey,
  syncKeyStands,
} from './folder-hierarchy';

const SUPPORTED_VERSIONS = new Set(PROTOCOL_VERSIONS.split(','));
/** X-MS-PolicyKey as device-sync accepts it; anything else is no key at all. */
const POLICY_KEY = /^\d{1,10}$/;

/** A device request that passed the checks every device command shares. */
interface DeviceCall {
  request: ActiveSyncRequest;
  principal: Principal;
  deviceId: string;
  protocolVersion: string;
}

/**
 * The device side of ActiveSync: `Provision` (MS-ASPROV: the two-phase policy handshake, the
 * RemoteWipe directive and its confirmation) and `FolderSync` (MS-ASCMD: the mailbox's folder
 * hierarchy), over the device-sync service, which decides; this edge only reads and writes WBXML
 * and maps the service's answers and refusals onto ActiveSync statuses (see activesync-status.ts).
 */
@Injectable()
export class ActiveSyncProvisioning implements OnModuleInit {
  /** The clock of FolderSync keys. */
  now: () => number = Date.now;

  constructor(
    private readonly edge: ActiveSyncEdge,
    private readonly bus: BusClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.edge.register('Provision', (request, principal, body) => this.guarded(request, principal, body, (call, doc) => this.provision(call, doc)));
    this.edge.register('FolderSync', (request, principal, body) => this.guarded(request, principal, body, (call, doc) => this.folderSync(call, doc)));
  }

  /**
   * What every device command checks first: the caller acts for itself (User=), names a device
   * and its type, speaks a protocol version we announce, and sends a WBXML document.
   */
  private async guarded(
    request: ActiveSyncRequest,
    principal: Principal,
    body: Buffer,
    run: (call: DeviceCall, document: WbxmlElement) => Promise<ActiveSyncReply>,
  ): Promise<ActiveSyncReply> {
    if (!sameUser(request, principal)) return plainReply(403, `${request.cmd} is for the authenticated user's own devices only`);
    const deviceId = reduceDeviceId(request.deviceId);
    if (!deviceId || deviceId.length > 64) return plainReply(400, 'missing or invalid DeviceId');
    if (!request.deviceType || request.deviceType.length > 64) return plainReply(400, 'missing or invalid DeviceType');
    if (!request.protocolVersion) return plainReply(400, 'missing MS-ASProtocolVersion');
    if (!SUPPORTED_VERSIONS.has(request.protocolVersion)) {
      return plainReply(400, `unsupported protocol version ${request.protocolVersion}`, { 'MS-ASProtocolVersions': PROTOCOL_VERSIONS });
    }
    let document: WbxmlElement;
    try {
      document = decode(body);
    } catch (error) {
      if (error instanceof WbxmlError) return plainReply(400, `malformed WBXML: ${error.message}`);
      throw error;
    }
    return run({ request, principal, deviceId, protocolVersion: request.protocolVersion }, document);
  }

  // ---------------------------------------------------------------- Provision

  private async provision(call: DeviceCall, document: WbxmlElement): Promise<ActiveSyncReply> {
    const { request, deviceId, protocolVersion } = call;
    const asked = readProvisionRequest(document);
    const statusOnly = (status: number) => wbxmlReply(provisionStatusResponse(status));
    if (asked.step === 'invalid') {
      this.logger.info({ deviceId, reason: asked.reason }, 'ActiveSync Provision: protocol error');
      return statusOnly(ProvisionStatus.PROTOCOL_ERROR);
    }
    const sentInformation = asked.hasDeviceInformation;

    let payload: DeviceCommandPayload<'Provision'>;
    switch (asked.step) {
      case 'request':
        // 2.5's MS-WAP-Provisioning-XML is not offered: only the WBXML policy document.
        if (asked.policyType !== POLICY_TYPE) return wbxmlReply(acknowledgementResponse(asked.policyType, PolicyStatus.UNKNOWN_POLICY_TYPE, undefined, sentInformation));
        payload = {
          step: 'request',
          deviceId,
          deviceType: request.deviceType,
          protocolVersion,
          // DeviceInformation (14.1) names it; older devices only send the HTTP header.
          ...(asked.userAgent ?? request.userAgent ? { userAgent: (asked.userAgent ?? request.userAgent)!.slice(0, 1024) } : {}),
          ...(asked.information ? { information: asked.information } : {}),
        };
        break;
      case 'acknowledge':
        if (asked.policyType && asked.policyType !== POLICY_TYPE) {
          return wbxmlReply(acknowledgementResponse(asked.policyType, PolicyStatus.UNKNOWN_POLICY_TYPE, undefined, sentInformation));
        }
        if (!POLICY_KEY.test(asked.policyKey)) return wbxmlReply(acknowledgementResponse(POLICY_TYPE, PolicyStatus.WRONG_POLICY_KEY, undefined, sentInformation));
        payload = { step: 'acknowledge', deviceId, policyKey: asked.policyKey, status: asked.status };
        break;
      case 'wipe-acknowledge':
        payload = { step: 'wipe-acknowledge', deviceId, status: asked.status };
        break;
    }

    const reply = await this.call<ProvisionResult>(call, 'Provision', payload);
    if (!reply.ok) {
      const { code } = reply.error;
      // Phase 2 with a key that is not the one offered (or for a device we no longer know): the
      // device starts again from phase 1.
      if (payload.step === 'acknowledge' && (code === DeviceErrorCode.INVALID_POLICY_KEY || code === DeviceErrorCode.PROVISION_REQUIRED)) {
        return wbxmlReply(acknowledgementResponse(POLICY_TYPE, PolicyStatus.WRONG_POLICY_KEY, undefined, sentInformation));
      }
      // A confirmation of a wipe nobody asked for (or of a device no longer known).
      if (payload.step === 'wipe-acknowledge' && (code === DeviceErrorCode.NO_PENDING_WIPE || code === DeviceErrorCode.PROVISION_REQUIRED)) {
        return statusOnly(ProvisionStatus.PROTOCOL_ERROR);
      }
      this.logRefusal(call, reply.error);
      return refusalReply(reply.error, protocolVersion, statusOnly);
    }

    const result = reply.result;
    switch (result.outcome) {
      case 'policy':
        return wbxmlReply(
          policyResponse(result.policyKey, result.policy, sentInformation, (name) => this.logger.warn({ setting: name }, 'device policy setting unknown to MS-ASPROV; left out')),
        );
      case 'provisioned':
        return wbxmlReply(acknowledgementResponse(POLICY_TYPE, PolicyStatus.SUCCESS, result.policyKey, sentInformation));
      case 'remote-wipe':
        this.logger.info({ deviceId, account: call.principal.name }, 'ActiveSync: sending RemoteWipe');
        return wbxmlReply(remoteWipeResponse(sentInformation));
      case 'wipe-acknowledged':
        this.logger.info({ deviceId, account: call.principal.name }, 'ActiveSync: device confirmed the remote wipe');
        return statusOnly(ProvisionStatus.SUCCESS);
    }
  }

  // ---------------------------------------------------------------- FolderSync

  private async folderSync(call: DeviceCall, document: WbxmlElement): Promise<ActiveSyncReply> {
    const { request, deviceId, protocolVersion } = call;
    const statusOnly = (status: number) => wbxmlReply(folderSyncStatusResponse(status));
    const syncKey = readFolderSyncKey(document);
    if (syncKey === undefined) return statusOnly(FolderSyncStatus.BAD_REQUEST);

    // The gate of every command but Provision: known, provisioned with this key, not suspended, no wipe pending.
    const policyKey = request.policyKey && POLICY_KEY.test(request.policyKey) ? request.policyKey : undefined;
    const gate = await this.call<DeviceInfo>(call, 'RecordSync', { deviceId, protocolVersion, ...(policyKey ? { policyKey } : {}) });
    if (!gate.ok) {
      this.logRefusal(call, gate.error);
      return refusalReply(gate.error, protocolVersion, statusOnly);
    }
    const device = gate.result;

    const tree = await this.bus.request<{ rootId: number; folders: MailFolder[] }>(querySubject('mailbox', 'GetFolders'), {}, { principal: call.principal, id: randomUUID() });
    if (!tree.ok) return refusalReply(tree.error, protocolVersion, () => statusOnly(FolderSyncStatus.SERVER_ERROR));
    const hierarchy = deviceHierarchy(tree.result.folders);
    const recorded = device.folders.map(({ id, parentId, name, type }) => ({ id, parentId, name, type }));

    const initial = syncKey === '0';
    if (!initial && !syncKeyStands(syncKey, recorded, device.resyncRequestedAt)) return statusOnly(FolderSyncStatus.INVALID_SYNC_KEY);
    const changes = hierarchyChanges(initial ? undefined : recorded, hierarchy);
    if (!initial && countChanges(changes) === 0) return wbxmlReply(folderSyncResponse(syncKey, changes));

    const stored = await this.call(call, 'SetDeviceFolders', { deviceId, folders: hierarchy });
    if (!stored.ok) {
      this.logRefusal(call, stored.error);
      return refusalReply(stored.error, protocolVersion, statusOnly);
    }
    return wbxmlReply(folderSyncResponse(newSyncKey(hierarchy, this.now()), changes));
  }

  // ---------------------------------------------------------------- helpers

  private call<R>(call: DeviceCall, command: DeviceCommandName, payload: unknown): Promise<BusReply<R>> {
    return this.bus.request<R>(deviceCommandSubject(command), payload, { principal: call.principal, id: randomUUID() });
  }

  private logRefusal(call: DeviceCall, error: { code: string; message: string }): void {
    this.logger.info({ cmd: call.request.cmd, deviceId: call.deviceId, account: call.principal.name, code: error.code }, `ActiveSync ${call.request.cmd} refused: ${error.message}`);
  }
}

/**
 * `User=` names the authenticated account: its full name, or the name it logged in with (a
 * device configured with the bare local part, or an alias, authenticates under that name).
 */
function sameUser(request: ActiveSyncRequest, principal: Principal): boolean {
  const user = request.user.trim().toLowerCase();
  if (!user) return false;
  return user === principal.name.toLowerCase() || user === request.credentials?.user.trim().toLowerCase();
}
