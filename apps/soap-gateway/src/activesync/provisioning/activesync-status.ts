import { DeviceErrorCode, ErrorCode, ErrorInfo } from '@gw/contracts';
import { encode, WBXML_CONTENT_TYPE, WbxmlElement } from '@gw/wbxml';
import { ActiveSyncReply } from '../activesync-edge';

/** MS-ASPROV: the only policy type of protocol 12.0 and later. */
export const POLICY_TYPE = 'MS-EAS-Provisioning-WBXML';

/** MS-ASPROV Provision Status (the top-level one). */
export const ProvisionStatus = {
  SUCCESS: 1,
  /** Protocol error: the request is not a Provision request we can read. */
  PROTOCOL_ERROR: 2,
  GENERAL_SERVER_ERROR: 3,
} as const;

/** MS-ASPROV Policy Status (inside Policies/Policy). */
export const PolicyStatus = {
  SUCCESS: 1,
  NO_POLICY: 2,
  UNKNOWN_POLICY_TYPE: 3,
  SERVER_DATA_CORRUPT: 4,
  /** The client acknowledged a policy key we did not give it (or no longer stands). */
  WRONG_POLICY_KEY: 5,
} as const;

/** MS-ASCMD FolderSync Status. */
export const FolderSyncStatus = {
  SUCCESS: 1,
  SERVER_ERROR: 6,
  /** The SyncKey is not the one last given: start again from SyncKey 0. */
  INVALID_SYNC_KEY: 9,
  BAD_REQUEST: 10,
} as const;

/** MS-ASCMD common status codes (protocol 14.0 and later), in the command's own Status element. */
export const CommonStatus = {
  DEVICE_BLOCKED: 129,
  DEVICE_NOT_FULLY_PROVISIONABLE: 139,
  REMOTE_WIPE_REQUESTED: 140,
  DEVICE_NOT_PROVISIONED: 142,
  INVALID_POLICY_KEY: 144,
} as const;

/** Protocol versions as numbers, e.g. '14.1' → 14.1; an unreadable one as 0 (the oldest rules). */
export function protocolNumber(version: string | undefined): number {
  const m = /^(\d+)\.(\d+)$/.exec(version ?? '');
  return m ? Number(m[1]) + Number(m[2]) / 10 : 0;
}

/** From 14.0 on, refusals travel as MS-ASCMD status codes in the body; before, as HTTP statuses. */
export const speaksCommonStatus = (version: string | undefined) => protocolNumber(version) >= 14.0;

export function wbxmlReply(tree: WbxmlElement): ActiveSyncReply {
  return { status: 200, headers: { 'Content-Type': WBXML_CONTENT_TYPE }, body: encode(tree) };
}

export const plainReply = (status: number, text: string, headers: Record<string, string> = {}): ActiveSyncReply => ({ status, headers, body: `${text}\n` });

/**
 * How a refusal of the device-sync service (or of the bus) reaches the device, per command:
 * `statusReply` renders a common status code in the command's own response element (14.0+).
 *
 * | device-sync refusal     | 14.0 and later                 | before 14.0 |
 * |-------------------------|--------------------------------|-------------|
 * | PROVISION_REQUIRED      | 142 DeviceNotProvisioned       | HTTP 449    |
 * | INVALID_POLICY_KEY      | 144 InvalidPolicyKey           | HTTP 449    |
 * | REMOTE_WIPE_REQUESTED   | 140 RemoteWipeRequested        | HTTP 449    |
 * | DEVICE_SUSPENDED        | 129 DeviceIsBlockedForThisUser | HTTP 403    |
 * | POLICY_NOT_APPLIED      | 139 DeviceNotFullyProvisionable| HTTP 403    |
 * | PERM_DENIED, AUTH_*     | HTTP 403                       | HTTP 403    |
 * | INVALID_REQUEST         | HTTP 400                       | HTTP 400    |
 * | TEMPORARILY_UNAVAILABLE | HTTP 503, Retry-After          | same        |
 * | anything else           | HTTP 500                       | HTTP 500    |
 *
 * (Within Provision itself, a wrong key in phase 2 is Policy Status 5 instead: see the handler.)
 */
export function refusalReply(error: ErrorInfo, protocolVersion: string | undefined, statusReply: (status: number) => ActiveSyncReply): ActiveSyncReply {
  const common = speaksCommonStatus(protocolVersion);
  const provisioning = (status: number) => (common ? statusReply(status) : plainReply(449, `retry after sending a Provision command: ${error.message}`));
  const blocked = (status: number) => (common ? statusReply(status) : plainReply(403, error.message));
  switch (error.code) {
    case DeviceErrorCode.PROVISION_REQUIRED:
      return provisioning(CommonStatus.DEVICE_NOT_PROVISIONED);
    case DeviceErrorCode.INVALID_POLICY_KEY:
      return provisioning(CommonStatus.INVALID_POLICY_KEY);
    case DeviceErrorCode.REMOTE_WIPE_REQUESTED:
      return provisioning(CommonStatus.REMOTE_WIPE_REQUESTED);
    case DeviceErrorCode.DEVICE_SUSPENDED:
      return blocked(CommonStatus.DEVICE_BLOCKED);
    case DeviceErrorCode.POLICY_NOT_APPLIED:
      return blocked(CommonStatus.DEVICE_NOT_FULLY_PROVISIONABLE);
    case ErrorCode.PERM_DENIED:
    case ErrorCode.AUTH_REQUIRED:
    case ErrorCode.AUTH_EXPIRED:
      return plainReply(403, error.message);
    case ErrorCode.INVALID_REQUEST:
      return plainReply(400, error.message);
    case ErrorCode.TEMPORARILY_UNAVAILABLE:
      return plainReply(503, 'service temporarily unavailable', { 'Retry-After': '30' });
    default:
      return plainReply(500, 'internal error');
  }
}
