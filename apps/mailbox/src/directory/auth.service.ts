import { Injectable } from '@nestjs/common';
import { AuthResult, BusRequest, DomainError, ErrorCode, Principal, Selector } from '@gw/contracts';
import { AuthTokens, TokenClaims } from './auth-tokens';
import { DirectoryAggregate } from './directory.aggregate';
import { DirectoryCommands } from './directory-commands';
import { AccountState, effectiveCos, findAccount, isAdminAccount } from './domain/directory-state';
import { durationMs, firstValue } from './domain/attributes';
import { hashPassword, verifyPassword } from './passwords';

const DEFAULT_USER_LIFETIME_MS = 2 * 86_400_000;
const DEFAULT_ADMIN_LIFETIME_MS = 12 * 3_600_000;
const DEFAULT_DELEGATE_SECONDS = 3600;

const authFailed = () => new DomainError(ErrorCode.AUTH_FAILED, 'authentication failed');
const expired = () => new DomainError(ErrorCode.AUTH_EXPIRED, 'auth credentials have expired');

/**
 * Authentication against the directory aggregate (the read model never holds password hashes):
 * passwords, token issue and validation, delegation, password changes and ending sessions.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly aggregate: DirectoryAggregate,
    private readonly commands: DirectoryCommands,
    private readonly tokens: AuthTokens,
  ) {}

  private lifetimeMs(account: AccountState, admin: boolean): number {
    const cos = effectiveCos(this.aggregate.current, account);
    const attr = admin ? 'zimbraAdminAuthTokenLifetime' : 'zimbraAuthTokenLifetime';
    const value = firstValue(account.attrs, attr) ?? (cos ? firstValue(cos.attrs, attr) : undefined);
    return durationMs(value, admin ? DEFAULT_ADMIN_LIFETIME_MS : DEFAULT_USER_LIFETIME_MS);
  }

  private checkStatus(account: AccountState): void {
    const status = firstValue(account.attrs, 'zimbraAccountStatus') ?? 'active';
    if (status === 'maintenance') throw new DomainError(ErrorCode.MAINTENANCE_MODE, 'account is in maintenance mode');
    if (status !== 'active') throw authFailed();
  }

  private issue(account: AccountState, admin: boolean, lifetimeMs: number, delegatedBy?: string): AuthResult {
    const { token } = this.tokens.issue({ sub: account.id, adm: admin, pv: account.passwordVersion, ...(delegatedBy ? { dlg: delegatedBy } : {}) }, lifetimeMs);
    return { authToken: token, lifetimeMs, account: { id: account.id, name: account.name } };
  }

  async authenticate(selector: Selector, password: string, admin: boolean): Promise<AuthResult> {
    const account = findAccount(this.aggregate.current, selector.by, selector.value);
    // Unknown account and wrong password look the same to the caller.
    const ok = await verifyPassword(password, account?.passwordHash ?? null);
    if (!account || !ok) throw authFailed();
    this.checkStatus(account);
    if (admin && !isAdminAccount(account)) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: not an admin account');
    return this.issue(account, admin, this.lifetimeMs(account, admin));
  }

  /** Resolves a token to its principal, or says why it is not (AUTH_REQUIRED / AUTH_EXPIRED). */
  verify(token: string, now = Date.now()): { principal: Principal; claims: TokenClaims } {
    const claims = this.tokens.read(token);
    if (!claims) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no valid authtoken present');
    if (claims.exp <= now) throw expired();
    const account = this.aggregate.current.accounts.get(claims.sub);
    if (!account || account.passwordVersion !== claims.pv || this.aggregate.current.revokedTokens.has(claims.jti)) throw expired();
    const status = firstValue(account.attrs, 'zimbraAccountStatus') ?? 'active';
    if (status !== 'active') throw expired();
    if (claims.adm && !isAdminAccount(account)) throw expired();
    const principal: Principal = { id: account.id, name: account.name, isAdmin: claims.adm, tokenId: claims.jti, expiresAt: claims.exp };
    if (claims.dlg) principal.delegatedBy = claims.dlg;
    return { principal, claims };
  }

  /**
   * The principal a request acts as. With `<account>` in the SOAP context an admin acts on
   * another account (Zimbra's delegated access); anyone else may only name themselves.
   */
  actingPrincipal(token: string, onBehalfOf?: Selector): Principal {
    const { principal } = this.verify(token);
    if (!onBehalfOf) return principal;
    const target = findAccount(this.aggregate.current, onBehalfOf.by, onBehalfOf.value);
    if (target?.id === principal.id) return principal;
    if (!principal.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: can not access account');
    if (!target) throw new DomainError(ErrorCode.NO_SUCH_ACCOUNT, `no such account: ${onBehalfOf.value}`, { [onBehalfOf.by]: onBehalfOf.value });
    return { id: target.id, name: target.name, isAdmin: false, tokenId: principal.tokenId, delegatedBy: principal.id, expiresAt: principal.expiresAt };
  }

  validate(token: string, admin: boolean): AuthResult {
    const { principal, claims } = this.verify(token);
    if (admin && !principal.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: need admin token');
    return { authToken: token, lifetimeMs: claims.exp - Date.now(), account: { id: principal.id, name: principal.name } };
  }

  /** An admin obtains a token for another account; the admin's id stays in it for auditing. */
  delegate(admin: Principal, selector: Selector, durationSeconds?: number): AuthResult {
    const account = findAccount(this.aggregate.current, selector.by, selector.value);
    if (!account) throw new DomainError(ErrorCode.NO_SUCH_ACCOUNT, `no such account: ${selector.value}`, { [selector.by]: selector.value });
    const max = this.lifetimeMs(account, false);
    const lifetime = Math.min((durationSeconds ?? DEFAULT_DELEGATE_SECONDS) * 1000, max);
    return this.issue(account, false, lifetime, admin.id);
  }

  async changePassword(request: BusRequest, selector: Selector, oldPassword: string, password: string): Promise<AuthResult & { position: bigint | null }> {
    const account = findAccount(this.aggregate.current, selector.by, selector.value);
    const ok = await verifyPassword(oldPassword, account?.passwordHash ?? null);
    if (!account || !ok) throw authFailed();
    // A signed-in user may only change their own password through this request.
    if (request.principal && request.principal.id !== account.id && !request.principal.isAdmin) {
      throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: can only change your own password');
    }
    const outcome = await this.commands.run(
      { type: 'SetPassword', id: account.id, password: { plain: password, hash: await hashPassword(password) }, by: 'self' },
      { ...request, principal: request.principal ?? { id: account.id, name: account.name, isAdmin: false, tokenId: '' } },
    );
    const updated = this.aggregate.current.accounts.get(account.id)!;
    return { ...this.issue(updated, false, this.lifetimeMs(updated, false)), position: outcome.position };
  }

  /** Voids the caller's token; kept until any token could have expired, then prunable. */
  async endSession(request: BusRequest, principal: Principal): Promise<bigint | null> {
    const account = this.aggregate.current.accounts.get(principal.id);
    const expiresAt = Date.now() + (account ? Math.max(this.lifetimeMs(account, false), this.lifetimeMs(account, true)) : DEFAULT_USER_LIFETIME_MS);
    const outcome = await this.commands.run({ type: 'RevokeToken', accountId: principal.id, tokenId: principal.tokenId, expiresAt }, request);
    return outcome.position;
  }
}
