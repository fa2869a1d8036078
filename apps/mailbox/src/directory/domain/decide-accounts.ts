import { Attrs, DirectoryEvent, DomainError, ErrorCode, PRESENCE_PUBLISHED_ATTR } from '@gw/contracts';
import { DirectoryState } from './directory-state';
import { nameKey } from './addresses';
import { attrChanges, isPrefName } from './attributes';
import {
  DecideContext,
  PasswordInput,
  checkPasswordPolicy,
  generalizedTime,
  initialAttrs,
  requireAccount,
  requireCosIfSet,
  requireDomainOf,
  requireFreeAddress,
} from './decide-context';

export function createAccount(
  state: DirectoryState,
  cmd: { name: string; password?: PasswordInput; attrs: Attrs },
  ctx: DecideContext,
): DirectoryEvent[] {
  const { local, domain, address } = requireDomainOf(state, cmd.name);
  requireFreeAddress(state, address, ErrorCode.ACCOUNT_EXISTS);
  const requested = initialAttrs(cmd.attrs);
  requireCosIfSet(state, requested);
  if (cmd.password) checkPasswordPolicy(state, cmd.password.plain, undefined, requested);
  const accountId = ctx.newId();
  const attrs: Attrs = {
    cn: [local],
    sn: [local],
    zimbraAccountStatus: ['active'],
    ...requested,
    zimbraId: [accountId],
    mail: [address],
    uid: [local],
    zimbraMailDeliveryAddress: [address],
    zimbraCreateTimestamp: [generalizedTime(ctx.now)],
  };
  return [
    { type: 'AccountCreated', data: { accountId, name: address, domainId: domain.id, passwordHash: cmd.password?.hash ?? null, attrs } },
  ];
}

export function modifyAccount(state: DirectoryState, cmd: { id: string; attrs: Attrs }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.id);
  const changes = attrChanges(account.attrs, cmd.attrs);
  const cosId = changes.zimbraCOSId?.[0];
  if (cosId && !state.coses.has(cosId)) throw new DomainError(ErrorCode.NO_SUCH_COS, `no such cos: ${cosId}`, { id: cosId });
  return Object.keys(changes).length ? [{ type: 'AccountModified', data: { accountId: account.id, changes } }] : [];
}

export function renameAccount(state: DirectoryState, cmd: { id: string; newName: string }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.id);
  const { domain, address } = requireDomainOf(state, cmd.newName);
  if (nameKey(address) === nameKey(account.name)) return [];
  requireFreeAddress(state, address, ErrorCode.ACCOUNT_EXISTS);
  return [{ type: 'AccountRenamed', data: { accountId: account.id, oldName: account.name, newName: address, domainId: domain.id } }];
}

export function deleteAccount(state: DirectoryState, cmd: { id: string }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.id);
  return [{ type: 'AccountDeleted', data: { accountId: account.id, name: account.name } }];
}

export function setPassword(state: DirectoryState, cmd: { id: string; password: PasswordInput; by: 'admin' | 'self' }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.id);
  checkPasswordPolicy(state, cmd.password.plain, account);
  return [{ type: 'AccountPasswordSet', data: { accountId: account.id, passwordHash: cmd.password.hash, by: cmd.by } }];
}

export function addAccountAlias(state: DirectoryState, cmd: { id: string; alias: string }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.id);
  const { address } = requireDomainOf(state, cmd.alias);
  requireFreeAddress(state, address, ErrorCode.ACCOUNT_EXISTS);
  return [{ type: 'AccountAliasAdded', data: { accountId: account.id, alias: address } }];
}

export function removeAccountAlias(state: DirectoryState, cmd: { id: string; alias: string }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.id);
  const alias = account.aliases.find((a) => nameKey(a) === nameKey(cmd.alias));
  if (!alias) throw new DomainError(ErrorCode.NO_SUCH_ALIAS, `no such alias: ${cmd.alias}`, { name: cmd.alias });
  return [{ type: 'AccountAliasRemoved', data: { accountId: account.id, alias } }];
}

/** Preferences are the account's own zimbraPref* attributes and the few others a user may set (isPrefName). */
export function modifyPrefs(state: DirectoryState, cmd: { accountId: string; prefs: { name: string; value: string }[] }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.accountId);
  const requested: Attrs = {};
  for (const { name, value } of cmd.prefs) {
    const bare = name.replace(/^[+-]/, '');
    if (!isPrefName(bare)) {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: not a preference (zimbraPref* or ${PRESENCE_PUBLISHED_ATTR}): ${name}`);
    }
    (requested[name] ??= []).push(value);
  }
  const changes = attrChanges(account.attrs, requested);
  return Object.keys(changes).length ? [{ type: 'AccountPrefsModified', data: { accountId: account.id, changes } }] : [];
}

export function revokeToken(state: DirectoryState, cmd: { accountId: string; tokenId: string; expiresAt: number }): DirectoryEvent[] {
  const account = requireAccount(state, cmd.accountId);
  if (state.revokedTokens.has(cmd.tokenId)) return [];
  return [{ type: 'AuthTokenRevoked', data: { accountId: account.id, tokenId: cmd.tokenId, expiresAt: cmd.expiresAt } }];
}
