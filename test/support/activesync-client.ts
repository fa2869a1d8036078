// An ActiveSync device for end-to-end tests: speaks WBXML over fetch as a phone does (MS-ASHTTP
// query string and headers, HTTP Basic), runs the MS-ASPROV Provision handshake presenting its
// DeviceInformation, follows a RemoteWipe directive by "wiping" itself and confirming, and
// FolderSyncs with the key it was given.
import { child, childText, children, decode, el, encode, text, WBXML_CONTENT_TYPE, WbxmlElement } from '@gw/wbxml';

export const POLICY_TYPE = 'MS-EAS-Provisioning-WBXML';

export interface DeviceProfile {
  model?: string;
  imei?: string;
  friendlyName?: string;
  os?: string;
  osLanguage?: string;
  phoneNumber?: string;
  mobileOperator?: string;
  userAgent?: string;
}

export interface ActiveSyncDeviceOptions {
  /** `http://host:port/Microsoft-Server-ActiveSync` */
  url: string;
  user: string;
  password: string;
  deviceId: string;
  deviceType: string;
  /** 14.1 by default; DeviceInformation is sent from 14.1 on, as MS-ASPROV prescribes. */
  protocolVersion?: string;
  profile?: DeviceProfile;
}

/** One HTTP exchange: the status, the headers, and the decoded body when it is WBXML. */
export interface ActiveSyncResponse {
  status: number;
  headers: Headers;
  raw: Buffer;
  body?: WbxmlElement;
}

/** What a Provision answer says, read as a device reads it. */
export interface ProvisionAnswer {
  http: number;
  /** Provision/Status */
  status?: number;
  /** Policies/Policy/Status */
  policyStatus?: number;
  policyKey?: string;
  /** Data/EASProvisionDoc settings by name (list settings as comma-joined names). */
  policy?: Record<string, string>;
  remoteWipe: boolean;
  deviceInformationStatus?: number;
  response: ActiveSyncResponse;
}

export interface FolderSyncFolder {
  serverId: string;
  parentId: string;
  displayName: string;
  type: number;
}

export interface FolderSyncAnswer {
  http: number;
  status?: number;
  syncKey?: string;
  count?: number;
  added: FolderSyncFolder[];
  updated: FolderSyncFolder[];
  deleted: string[];
  response: ActiveSyncResponse;
}

const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));

export class ActiveSyncDevice {
  /** X-MS-PolicyKey sent with every request; '0' until provisioned. */
  policyKey = '0';
  /** FolderSync key, '0' until the first FolderSync. */
  folderSyncKey = '0';
  /** The hierarchy as this device knows it, by ServerId. */
  readonly folders = new Map<string, FolderSyncFolder>();
  /** Set when the device obeyed a RemoteWipe directive. */
  wiped = false;
  /** The policy of the last phase 1. */
  policy?: Record<string, string>;

  constructor(readonly options: ActiveSyncDeviceOptions) {}

  get protocolVersion(): string {
    return this.options.protocolVersion ?? '14.1';
  }

  /** OPTIONS on the ActiveSync URL: the versions and commands the server announces. */
  async discover(): Promise<{ status: number; versions: string[]; commands: string[] }> {
    const res = await fetch(this.options.url, { method: 'OPTIONS', headers: { Authorization: this.authorization() } });
    const list = (name: string) => (res.headers.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    await res.arrayBuffer();
    return { status: res.status, versions: list('ms-asprotocolversions'), commands: list('ms-asprotocolcommands') };
  }

  /** POSTs one command; `body` a tree (encoded here) or raw bytes; `user` overrides User=. */
  async send(cmd: string, body: WbxmlElement | Buffer | undefined, opts: { policyKey?: string | null; user?: string; password?: string; protocolVersion?: string | null } = {}): Promise<ActiveSyncResponse> {
    const query = new URLSearchParams({ Cmd: cmd, User: opts.user ?? this.options.user, DeviceId: this.options.deviceId, DeviceType: this.options.deviceType });
    const headers: Record<string, string> = {
      Authorization: this.authorization(opts.password),
      'Content-Type': WBXML_CONTENT_TYPE,
      'User-Agent': this.options.profile?.userAgent ?? `e2e-device/${this.options.deviceType}`,
    };
    const version = opts.protocolVersion === undefined ? this.protocolVersion : opts.protocolVersion;
    if (version !== null) headers['MS-ASProtocolVersion'] = version;
    const key = opts.policyKey === undefined ? this.policyKey : opts.policyKey;
    if (key !== null) headers['X-MS-PolicyKey'] = key;
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : encode(body);
    const res = await fetch(`${this.options.url}?${query}`, { method: 'POST', headers, body: payload });
    const raw = Buffer.from(await res.arrayBuffer());
    const wbxml = (res.headers.get('content-type') ?? '').startsWith(WBXML_CONTENT_TYPE) && raw.length > 0;
    return { status: res.status, headers: res.headers, raw, ...(wbxml ? { body: decode(raw) } : {}) };
  }

  /** Phase 1: ask for the policy, presenting the device (DeviceInformation from 14.1). */
  async requestPolicy(policyType = POLICY_TYPE): Promise<ProvisionAnswer> {
    const p = this.options.profile ?? {};
    const information =
      Number(this.protocolVersion) >= 14.1 &&
      el(
        'Settings',
        'DeviceInformation',
        el(
          'Settings',
          'Set',
          p.model !== undefined && el('Settings', 'Model', p.model),
          p.imei !== undefined && el('Settings', 'IMEI', p.imei),
          p.friendlyName !== undefined && el('Settings', 'FriendlyName', p.friendlyName),
          p.os !== undefined && el('Settings', 'OS', p.os),
          p.osLanguage !== undefined && el('Settings', 'OSLanguage', p.osLanguage),
          p.phoneNumber !== undefined && el('Settings', 'PhoneNumber', p.phoneNumber),
          p.userAgent !== undefined && el('Settings', 'UserAgent', p.userAgent),
          p.mobileOperator !== undefined && el('Settings', 'MobileOperator', p.mobileOperator),
        ),
      );
    const request = el('Provision', 'Provision', information, el('Provision', 'Policies', el('Provision', 'Policy', el('Provision', 'PolicyType', policyType))));
    const answer = readProvision(await this.send('Provision', request));
    if (answer.policy) this.policy = answer.policy;
    return answer;
  }

  /** Phase 2: acknowledge the temporary key with the device's Policy Status (1 = applied). */
  async acknowledgePolicy(temporaryKey: string, status = 1): Promise<ProvisionAnswer> {
    const request = el(
      'Provision',
      'Provision',
      el('Provision', 'Policies', el('Provision', 'Policy', el('Provision', 'PolicyType', POLICY_TYPE), el('Provision', 'PolicyKey', temporaryKey), el('Provision', 'Status', status))),
    );
    return readProvision(await this.send('Provision', request));
  }

  /** The device's confirmation of a RemoteWipe directive: 1 = wiped, 2 = failed. */
  async acknowledgeWipe(status = 1): Promise<ProvisionAnswer> {
    return readProvision(await this.send('Provision', el('Provision', 'Provision', el('Provision', 'RemoteWipe', el('Provision', 'Status', status)))));
  }

  /**
   * The whole handshake, as a phone runs it: phase 1, then phase 2 with the temporary key; the
   * final key becomes X-MS-PolicyKey. A RemoteWipe directive at any phase is obeyed: the device
   * forgets everything (keys, folders) and confirms.
   */
  async provision(): Promise<{ outcome: 'provisioned'; policyKey: string } | { outcome: 'wiped'; confirmation: ProvisionAnswer } | { outcome: 'refused'; answer: ProvisionAnswer }> {
    const phase1 = await this.requestPolicy();
    if (phase1.remoteWipe) return { outcome: 'wiped', confirmation: await this.wipe() };
    if (phase1.http !== 200 || phase1.status !== 1 || phase1.policyStatus !== 1 || !phase1.policyKey) return { outcome: 'refused', answer: phase1 };
    const phase2 = await this.acknowledgePolicy(phase1.policyKey);
    if (phase2.remoteWipe) return { outcome: 'wiped', confirmation: await this.wipe() };
    if (phase2.http !== 200 || phase2.status !== 1 || phase2.policyStatus !== 1 || !phase2.policyKey) return { outcome: 'refused', answer: phase2 };
    this.policyKey = phase2.policyKey;
    return { outcome: 'provisioned', policyKey: phase2.policyKey };
  }

  /** Obeys a RemoteWipe directive. */
  private async wipe(): Promise<ProvisionAnswer> {
    this.wiped = true;
    this.policyKey = '0';
    this.folderSyncKey = '0';
    this.folders.clear();
    return this.acknowledgeWipe(1);
  }

  /** FolderSync with the device's key (or `syncKey`); on success the device keeps the new key and applies the changes. */
  async folderSync(syncKey = this.folderSyncKey, opts: { policyKey?: string | null } = {}): Promise<FolderSyncAnswer> {
    const response = await this.send('FolderSync', el('FolderHierarchy', 'FolderSync', el('FolderHierarchy', 'SyncKey', syncKey)), opts);
    const answer = readFolderSync(response);
    if (answer.status === 1 && answer.syncKey) {
      if (syncKey === '0') this.folders.clear();
      for (const id of answer.deleted) this.folders.delete(id);
      for (const f of [...answer.updated, ...answer.added]) this.folders.set(f.serverId, f);
      this.folderSyncKey = answer.syncKey;
    }
    return answer;
  }

  private authorization(password = this.options.password): string {
    return `Basic ${Buffer.from(`${this.options.user}:${password}`).toString('base64')}`;
  }
}

export function readProvision(response: ActiveSyncResponse): ProvisionAnswer {
  const root = response.body?.ns === 'Provision' && response.body.name === 'Provision' ? response.body : undefined;
  const policy = child(root, 'Policies', 'Policy');
  const doc = child(policy, 'Data', 'EASProvisionDoc');
  const settings = doc
    ? Object.fromEntries(children(doc).map((s) => [s.name, children(s).length ? children(s).map(text).join(',') : text(s)]))
    : undefined;
  return {
    http: response.status,
    status: num(childText(root, 'Status')),
    policyStatus: num(childText(policy, 'Status')),
    policyKey: childText(policy, 'PolicyKey'),
    ...(settings ? { policy: settings } : {}),
    remoteWipe: child(root, 'RemoteWipe') !== undefined,
    deviceInformationStatus: num(childText(root, 'Settings:DeviceInformation', 'Status')),
    response,
  };
}

export function readFolderSync(response: ActiveSyncResponse): FolderSyncAnswer {
  const root = response.body?.ns === 'FolderHierarchy' && response.body.name === 'FolderSync' ? response.body : undefined;
  const changes = child(root, 'Changes');
  const folder = (e: WbxmlElement): FolderSyncFolder => ({
    serverId: childText(e, 'ServerId') ?? '',
    parentId: childText(e, 'ParentId') ?? '',
    displayName: childText(e, 'DisplayName') ?? '',
    type: Number(childText(e, 'Type')),
  });
  return {
    http: response.status,
    status: num(childText(root, 'Status')),
    syncKey: childText(root, 'SyncKey'),
    count: num(childText(changes, 'Count')),
    added: changes ? children(changes, 'Add').map(folder) : [],
    updated: changes ? children(changes, 'Update').map(folder) : [],
    deleted: changes ? children(changes, 'Delete').map((d) => childText(d, 'ServerId') ?? '') : [],
    response,
  };
}
