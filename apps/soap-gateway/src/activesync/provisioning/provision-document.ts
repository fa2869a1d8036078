import { DeviceInformation, DevicePolicy } from '@gw/contracts';
import { child, childText, Content, el, tagToken, WbxmlElement } from '@gw/wbxml';
import { POLICY_TYPE, PolicyStatus, ProvisionStatus } from './activesync-status';

/**
 * A Provision request as MS-ASPROV allows it, read off the decoded WBXML:
 * - `request`: phase 1, Policies/Policy/PolicyType (and, from 14.1, Settings:DeviceInformation);
 * - `acknowledge`: phase 2, Policies/Policy with the temporary PolicyKey and the device's Status;
 * - `wipe-acknowledge`: RemoteWipe/Status (AccountOnlyRemoteWipe/Status, 16.1, likewise);
 * - `invalid`: anything else (answered with Provision Status 2, protocol error).
 */
export type ProvisionRequest =
  | { step: 'request'; policyType: string; information?: DeviceInformation; userAgent?: string; hasDeviceInformation: boolean }
  | { step: 'acknowledge'; policyType: string; policyKey: string; status: number; information?: DeviceInformation; userAgent?: string; hasDeviceInformation: boolean }
  | { step: 'wipe-acknowledge'; status: number; hasDeviceInformation: boolean }
  | { step: 'invalid'; reason: string };

const STATUS = /^\d{1,5}$/;

export function readProvisionRequest(root: WbxmlElement): ProvisionRequest {
  if (root.ns !== 'Provision' || root.name !== 'Provision') return { step: 'invalid', reason: `expected Provision, got ${root.ns}:${root.name}` };
  const deviceInformation = child(root, 'Settings:DeviceInformation');
  const { information, userAgent } = readDeviceInformation(deviceInformation);
  const described = { hasDeviceInformation: deviceInformation !== undefined, ...(information ? { information } : {}), ...(userAgent ? { userAgent } : {}) };

  const wipe = child(root, 'RemoteWipe') ?? child(root, 'AccountOnlyRemoteWipe');
  if (wipe) {
    const status = childText(wipe, 'Status')?.trim() ?? '';
    if (!STATUS.test(status)) return { step: 'invalid', reason: 'RemoteWipe without a Status' };
    return { step: 'wipe-acknowledge', status: Number(status), hasDeviceInformation: described.hasDeviceInformation };
  }

  const policy = child(root, 'Policies', 'Policy');
  if (!policy) return { step: 'invalid', reason: 'no Policies/Policy' };
  const policyType = childText(policy, 'PolicyType')?.trim() ?? '';
  const policyKey = childText(policy, 'PolicyKey')?.trim();
  if (policyKey === undefined) {
    if (!policyType) return { step: 'invalid', reason: 'Policy without PolicyType' };
    return { step: 'request', policyType, ...described };
  }
  const status = childText(policy, 'Status')?.trim() ?? '';
  if (!STATUS.test(status)) return { step: 'invalid', reason: 'Policy acknowledgement without a Status' };
  return { step: 'acknowledge', policyType, policyKey, status: Number(status), ...described };
}

/** Settings:DeviceInformation/Set (MS-ASPROV 2.2.2.52, fields of MS-ASCMD Settings). */
function readDeviceInformation(info: WbxmlElement | undefined): { information?: DeviceInformation; userAgent?: string } {
  const set = child(info, 'Set');
  if (!set) return {};
  const field = (name: string) => {
    const value = childText(set, name)?.trim();
    return value ? value : undefined;
  };
  const sms = field('EnableOutboundSMS');
  const information: DeviceInformation = {
    model: field('Model'),
    imei: field('IMEI'),
    friendlyName: field('FriendlyName'),
    os: field('OS'),
    osLanguage: field('OSLanguage'),
    phoneNumber: field('PhoneNumber'),
    mobileOperator: field('MobileOperator'),
    enableOutboundSms: sms === undefined ? undefined : sms === '1' || sms.toLowerCase() === 'true',
  };
  const defined = Object.fromEntries(Object.entries(information).filter(([, v]) => v !== undefined)) as DeviceInformation;
  const userAgent = field('UserAgent');
  return { ...(Object.keys(defined).length ? { information: defined } : {}), ...(userAgent ? { userAgent } : {}) };
}

/** The answer to a DeviceInformation the device sent: Settings:Status 1 (stored). */
const deviceInformationStatus = (sent: boolean) => sent && el('Settings', 'DeviceInformation', el('Settings', 'Status', 1));

/** Settings whose value is a list of child elements rather than text (MS-ASPROV 2.2.2.2, 2.2.2.54). */
const LIST_SETTINGS: Record<string, 'ApplicationName' | 'Hash'> = {
  UnapprovedInROMApplicationList: 'ApplicationName',
  ApprovedApplicationList: 'Hash',
};

/**
 * EASProvisionDoc: one child per policy setting, in code-page order (the order of the MS-ASPROV
 * schema). Settings the code page does not know are left out and reported to `skipped`, so a
 * typo in the configured policy cannot make every Provision fail.
 */
export function easProvisionDoc(policy: DevicePolicy, skipped: (name: string) => void = () => undefined): WbxmlElement {
  const known: [number, string, string][] = [];
  for (const [name, value] of Object.entries(policy)) {
    const token = tagToken('Provision', name);
    // Only settings: tokens above EASProvisionDoc (0x0d), and not the list item tags.
    if (token === undefined || token <= 0x0d || name === 'ApplicationName' || name === 'Hash') skipped(name);
    else known.push([token, name, value]);
  }
  known.sort((a, b) => a[0] - b[0]);
  const setting = ([, name, value]: [number, string, string]): WbxmlElement => {
    const item = LIST_SETTINGS[name];
    const content = item
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v) => el('Provision', item, v))
      : value;
    return { ns: 'Provision', name, children: Array.isArray(content) ? content : content === '' ? [] : [content] };
  };
  return el('Provision', 'EASProvisionDoc', known.map(setting));
}

/** A successful Provision answering for one policy: `Policies/Policy` with the given children. */
function policyAnswer(sentDeviceInformation: boolean, ...policy: Content[]): WbxmlElement {
  return el(
    'Provision',
    'Provision',
    deviceInformationStatus(sentDeviceInformation),
    el('Provision', 'Status', ProvisionStatus.SUCCESS),
    el('Provision', 'Policies', el('Provision', 'Policy', ...policy)),
  );
}

/** Phase 1: the policy document and the temporary key. */
export function policyResponse(policyKey: string, policy: DevicePolicy, sentDeviceInformation: boolean, skipped?: (name: string) => void): WbxmlElement {
  return policyAnswer(
    sentDeviceInformation,
    el('Provision', 'PolicyType', POLICY_TYPE),
    el('Provision', 'Status', PolicyStatus.SUCCESS),
    el('Provision', 'PolicyKey', policyKey),
    el('Provision', 'Data', easProvisionDoc(policy, skipped)),
  );
}

/** Phase 2: the final key (or a Policy Status other than 1 with no key: 3 unknown type, 5 wrong key). */
export function acknowledgementResponse(policyType: string, policyStatus: number, policyKey: string | undefined, sentDeviceInformation = false): WbxmlElement {
  return policyAnswer(
    sentDeviceInformation,
    el('Provision', 'PolicyType', policyType),
    el('Provision', 'Status', policyStatus),
    policyKey !== undefined && el('Provision', 'PolicyKey', policyKey),
  );
}

/** The wipe order: the device wipes itself, then confirms with RemoteWipe/Status. */
export const remoteWipeResponse = (sentDeviceInformation = false): WbxmlElement =>
  el('Provision', 'Provision', deviceInformationStatus(sentDeviceInformation), el('Provision', 'Status', ProvisionStatus.SUCCESS), el('Provision', 'RemoteWipe'));

/** Provision with a bare Status: the wipe confirmation's answer (1), a protocol error (2), a common status (14.0+). */
export const provisionStatusResponse = (status: number): WbxmlElement => el('Provision', 'Provision', el('Provision', 'Status', status));

