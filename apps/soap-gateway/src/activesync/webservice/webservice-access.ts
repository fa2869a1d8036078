import { randomUUID } from 'node:crypto';
import {
  AuthResult,
  commandSubject,
  DeviceCommandName,
  deviceCommandSubject,
  DeviceErrorCode,
  DeviceQueryName,
  deviceQuerySubject,
  DirectoryEntry,
  ErrorCode,
  ErrorInfo,
  Principal,
  querySubject,
} from '@gw/contracts';
import { BusClient } from '@gw/nats-bus';
import { ActiveSyncRequest, ActiveSyncRequestError } from '../activesync-request';

/**
 * The access rules of the Z-Push webservice (seed 004 and Z-Push's Webservice::Handle), shared by
 * its three services:
 * - only `DeviceId=webservice&DeviceType=webservice` reaches it;
 * - acting for a `User=` other than the authenticated user needs an admin;
 * - WebserviceUsers is HTTP 403 unless enabled in configuration, and then needs an admin;
 * - an impersonated user may not wipe devices;
 * - refusals are SOAP faults with faultcode "ERROR" and a readable reason.
 */

/** The SoapServer `uri` of Z-Push's webservice: the namespace of every response. */
export const WEBSERVICE_NS = 'http://z-push.org/webservice';

/** A refusal, answered as Z-Push's `SoapFault("ERROR", reason)`. */
export class WebserviceFault extends Error {
  constructor(
    reason: string,
    /** The caller lacks the rights for the request (WebserviceInfo answers these with an empty result). */
    readonly denied = false,
  ) {
    super(reason);
    this.name = 'WebserviceFault';
  }
}

/** Z-Push refuses any other device id and type, whatever the command (its ids are case-insensitive). */
export function checkWebserviceDevice(request: ActiveSyncRequest): void {
  if (request.deviceId.toLowerCase() !== 'webservice' || request.deviceType.toLowerCase() !== 'webservice') {
    throw new WebserviceFault('Invalid device id and type for webservice execution');
  }
}

/** `ZPUSH_WEBSERVICE_USERS_ACCESS` (Z-Push's ALLOW_WEBSERVICE_USERS_ACCESS): off unless set to 1/true/yes/on. */
export function webserviceUsersAccess(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes|on)$/i.test((env.ZPUSH_WEBSERVICE_USERS_ACCESS ?? '').trim());
}

/**
 * An impersonated caller: a principal acting as this account for someone else (a delegated
 * session, Z-Push's `authuser#user` login). Basic authentication at the ActiveSync edge yields
 * the account's own principal, so today this only guards against a future edge that maps
 * impersonating logins onto delegated principals.
 */
export function isImpersonated(principal: Principal): boolean {
  return Boolean(principal.delegatedBy);
}

/** The account `User=` names, as the request acts for it. */
export interface TargetAccount {
  id: string;
  name: string;
  /** The authenticated account itself (no `User=`, or one naming it). */
  self: boolean;
  /**
   * Who to be towards services that act "as" the account (the mailbox): the caller itself, or
   * the account delegated by the admin, as the SOAP edge's `<account>` context does.
   */
  actingAs: Principal;
  /** Who to be towards services that take the account as a parameter (device-sync): the caller, as an admin for another account. */
  principal: Principal;
}

/** `User=` names the caller: empty, the caller's name, or its local part (Z-Push users log in with short names). */
function namesCaller(user: string, principal: Principal): boolean {
  const u = user.trim().toLowerCase();
  const name = principal.name.toLowerCase();
  return u === '' || u === name || (!u.includes('@') && u === name.split('@')[0]);
}

/** A bus reply that was a refusal. */
export class BusRefusal extends Error {
  constructor(readonly error: ErrorInfo) {
    super(error.message);
    this.name = 'BusRefusal';
  }
}

/** One webservice request: who called, for whom, and the calls it makes on their behalf. */
export class WebserviceCall {
  private target?: Promise<TargetAccount>;
  private admin?: Promise<Principal | undefined>;

  constructor(
    private readonly bus: BusClient,
    readonly request: ActiveSyncRequest,
    /** The authenticated caller. */
    readonly principal: Principal,
  ) {}

  /** The `User=` of the URL, or the caller's name. */
  get user(): string {
    return this.request.user.trim() || this.principal.name;
  }

  get impersonated(): boolean {
    return isImpersonated(this.principal);
  }

  /** Resolved once per request; refuses (denied) a non-admin naming another account. */
  targetAccount(): Promise<TargetAccount> {
    this.target ??= this.resolveTarget();
    return this.target;
  }

  private async resolveTarget(): Promise<TargetAccount> {
    const caller = this.principal;
    const self: TargetAccount = { id: caller.id, name: caller.name, self: true, actingAs: caller, principal: caller };
    const user = this.request.user.trim();
    if (namesCaller(user, caller)) return self;
    const admin = await this.adminPrincipal();
    if (!admin) throw new WebserviceFault(`Not enough privileges of '${caller.name}' to act for user '${user}': permission denied`, true);
    const account = await this.call<DirectoryEntry>(querySubject('mailbox', 'GetAccount'), { account: { by: 'name', value: user }, applyCos: false }, admin);
    // An alias of the caller's own account is still the caller.
    if (account.id === caller.id) return self;
    return {
      id: account.id,
      name: account.name,
      self: false,
      actingAs: { id: account.id, name: account.name, isAdmin: false, tokenId: admin.tokenId, delegatedBy: admin.id, ...(admin.expiresAt ? { expiresAt: admin.expiresAt } : {}) },
      principal: admin,
    };
  }

  /**
   * The caller as an administrator, or undefined when the account is none (Z-Push asks its
   * backend the same: Setup("SYSTEM", true)). The edge authenticates ActiveSync clients as users,
   * so this signs in once more with the same credentials, as the admin port would; only
   * requests that need it (another `User=`, WebserviceUsers) pay for it.
   */
  adminPrincipal(): Promise<Principal | undefined> {
    this.admin ??= this.signInAsAdmin();
    return this.admin;
  }

  private async signInAsAdmin(): Promise<Principal | undefined> {
    if (this.principal.isAdmin) return this.principal;
    const credentials = this.request.credentials;
    if (!credentials) return undefined;
    const auth = await this.bus.request<AuthResult>(
      commandSubject('mailbox', 'Authenticate'),
      { account: { by: 'id', value: this.principal.id }, password: credentials.password, admin: true },
      { id: randomUUID() },
    );
    if (!auth.ok) {
      if (auth.error.code === ErrorCode.TEMPORARILY_UNAVAILABLE) throw new ActiveSyncRequestError(503, auth.error.message);
      return undefined;
    }
    const admin = await this.call<Principal>(querySubject('mailbox', 'VerifyToken'), { authToken: auth.result.authToken });
    return admin.isAdmin && admin.id === this.principal.id ? admin : undefined;
  }

  /** WebserviceUsers: the caller must be an admin; answers the admin principal to call with. */
  async requireAdmin(): Promise<Principal> {
    const admin = await this.adminPrincipal();
    if (!admin) throw new WebserviceFault(`User '${this.principal.name}' has no admin privileges`, true);
    return admin;
  }

  /** A request over the bus; a refusal becomes a fault (or HTTP 503 when a service is away). */
  async call<R>(subject: string, payload: unknown, principal: Principal = this.principal): Promise<R> {
    const reply = await this.bus.request<R>(subject, payload, { principal, id: randomUUID() });
    if (!reply.ok) throw this.refusal(reply.error);
    return reply.result;
  }

  /**
   * A device-sync query or command on the target's devices: as the caller (so the service
   * records who did it and checks the admin rights again), naming the account when it is not
   * the caller's own.
   */
  async devices<R>(kind: 'query', name: DeviceQueryName, payload: Record<string, unknown>): Promise<R>;
  async devices<R>(kind: 'command', name: DeviceCommandName, payload: Record<string, unknown>): Promise<R>;
  async devices<R>(kind: 'query' | 'command', name: string, payload: Record<string, unknown>): Promise<R> {
    const target = await this.targetAccount();
    const subject = kind === 'query' ? deviceQuerySubject(name as DeviceQueryName) : deviceCommandSubject(name as DeviceCommandName);
    return this.call<R>(subject, target.self ? payload : { ...payload, accountId: target.id }, target.principal);
  }

  /** The readable reason for a refusal of another service. */
  private refusal(error: ErrorInfo): Error {
    const user = this.user;
    switch (error.code) {
      case ErrorCode.TEMPORARILY_UNAVAILABLE:
        return new ActiveSyncRequestError(503, error.message);
      case DeviceErrorCode.NO_SUCH_DEVICE:
        return new WebserviceFault(`Device '${error.args?.deviceId ?? ''}' of user '${user}' can not be found`);
      case ErrorCode.NO_SUCH_ACCOUNT:
        return new WebserviceFault(`User '${user}' can not be found`);
      case ErrorCode.PERM_DENIED:
        return new WebserviceFault(`Not enough privileges of '${this.principal.name}' for user '${user}': ${error.message}`, true);
      default:
        return new WebserviceFault(capitalize(error.message));
    }
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One method of a webservice class, as PHP's SoapServer calls it. */
export interface WebserviceMethod {
  /** The PHP method name (calls match it case-insensitively, as PHP does). */
  name: string;
  /** PHP's parameter names, for the "too few arguments" fault. */
  params: string[];
  /** How many of them have no default. */
  required: number;
  run(call: WebserviceCall, args: unknown[]): Promise<unknown>;
}

/** One of Z-Push's webservice classes (WebserviceDevice, WebserviceUsers, WebserviceInfo). */
export interface WebserviceService {
  className: string;
  /** What Z-Push's Webservice::Handle checks before the SOAP call is read. */
  admit?(call: WebserviceCall): Promise<void>;
  methods: WebserviceMethod[];
}

export const method = (name: string, params: string[], required: number, run: WebserviceMethod['run']): WebserviceMethod => ({ name, params, required, run });
