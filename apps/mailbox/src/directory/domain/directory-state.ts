import { Attrs, DirectoryEvent } from '@gw/contracts';
import { applyChanges } from './attributes';
import { nameKey } from './addresses';

export interface AccountState {
  id: string;
  name: string;
  domainId: string;
  attrs: Attrs;
  aliases: string[];
  passwordHash: string | null;
  /** Bumped by every password change: tokens carry it, so older tokens stop working. */
  passwordVersion: number;
}

export interface NamedEntry {
  id: string;
  name: string;
  attrs: Attrs;
}

export interface DistributionListState extends NamedEntry {
  domainId: string;
  members: string[];
  aliases: string[];
}

/** A granted right, as the RightGranted event records it. */
export type Grant = Extract<DirectoryEvent, { type: 'RightGranted' }>['data'];

/** What owns an email address: every address is unique across accounts, lists and aliases. */
export type AddressOwner = { kind: 'account' | 'dl'; id: string } | { kind: 'alias'; targetKind: 'account' | 'dl'; id: string };

export interface DirectoryState {
  accounts: Map<string, AccountState>;
  domains: Map<string, NamedEntry>;
  coses: Map<string, NamedEntry>;
  dls: Map<string, DistributionListState>;
  addresses: Map<string, AddressOwner>;
  domainNames: Map<string, string>;
  cosNames: Map<string, string>;
  grants: Grant[];
  /** Token ids ended by EndSession, with their expiry so the set can be pruned. */
  revokedTokens: Map<string, number>;
}

export function emptyDirectory(): DirectoryState {
  return {
    accounts: new Map(),
    domains: new Map(),
    coses: new Map(),
    dls: new Map(),
    addresses: new Map(),
    domainNames: new Map(),
    cosNames: new Map(),
    grants: [],
    revokedTokens: new Map(),
  };
}

/** An entry's address attributes after a rename (shared with the read-model projection). */
export const renameAddressAttrs = (attrs: Attrs, oldName: string, newName: string): Attrs => {
  const local = newName.split('@')[0];
  const mail = (attrs.mail ?? []).map((m) => (nameKey(m) === nameKey(oldName) ? newName : m));
  return { ...attrs, mail: mail.length ? mail : [newName], uid: [local], zimbraMailDeliveryAddress: [newName] };
};

/** An entry's attributes once an alias is added: Zimbra lists aliases in zimbraMailAlias and mail. */
export const aliasAddedAttrs = (attrs: Attrs, alias: string): Attrs => ({
  ...attrs,
  zimbraMailAlias: [...(attrs.zimbraMailAlias ?? []), alias],
  mail: [...(attrs.mail ?? []), alias],
});

export const aliasRemovedAttrs = (attrs: Attrs, alias: string): Attrs => {
  const key = nameKey(alias);
  const next: Attrs = { ...attrs, mail: (attrs.mail ?? []).filter((m) => nameKey(m) !== key) };
  const remaining = (attrs.zimbraMailAlias ?? []).filter((m) => nameKey(m) !== key);
  if (remaining.length) next.zimbraMailAlias = remaining;
  else delete next.zimbraMailAlias;
  return next;
};

/**
 * Folds one event into the directory. The state is owned by the aggregate and updated in place:
 * copying a directory of many thousand entries per event would make replay quadratic.
 */
export function evolve(state: DirectoryState, event: DirectoryEvent): DirectoryState {
  switch (event.type) {
    case 'DomainCreated':
      state.domains.set(event.data.domainId, { id: event.data.domainId, name: event.data.name, attrs: event.data.attrs });
      state.domainNames.set(nameKey(event.data.name), event.data.domainId);
      break;
    case 'DomainModified': {
      const d = state.domains.get(event.data.domainId);
      if (d) d.attrs = applyChanges(d.attrs, event.data.changes);
      break;
    }
    case 'DomainDeleted':
      state.domains.delete(event.data.domainId);
      state.domainNames.delete(nameKey(event.data.name));
      break;
    case 'CosCreated':
      state.coses.set(event.data.cosId, { id: event.data.cosId, name: event.data.name, attrs: event.data.attrs });
      state.cosNames.set(nameKey(event.data.name), event.data.cosId);
      break;
    case 'CosModified': {
      const c = state.coses.get(event.data.cosId);
      if (c) c.attrs = applyChanges(c.attrs, event.data.changes);
      break;
    }
    case 'CosRenamed': {
      const c = state.coses.get(event.data.cosId);
      if (c) {
        state.cosNames.delete(nameKey(event.data.oldName));
        c.name = event.data.newName;
        c.attrs = { ...c.attrs, cn: [event.data.newName] };
        state.cosNames.set(nameKey(event.data.newName), c.id);
      }
      break;
    }
    case 'CosDeleted':
      state.coses.delete(event.data.cosId);
      state.cosNames.delete(nameKey(event.data.name));
      break;
    case 'AccountCreated':
      state.accounts.set(event.data.accountId, {
        id: event.data.accountId,
        name: event.data.name,
        domainId: event.data.domainId,
        attrs: event.data.attrs,
        aliases: [],
        passwordHash: event.data.passwordHash,
        passwordVersion: 0,
      });
      state.addresses.set(nameKey(event.data.name), { kind: 'account', id: event.data.accountId });
      break;
    case 'AccountModified':
    case 'AccountPrefsModified': {
      const a = state.accounts.get(event.data.accountId);
      if (a) a.attrs = applyChanges(a.attrs, event.data.changes);
      break;
    }
    case 'AccountRenamed': {
      const a = state.accounts.get(event.data.accountId);
      if (a) {
        state.addresses.delete(nameKey(event.data.oldName));
        a.name = event.data.newName;
        a.domainId = event.data.domainId;
        a.attrs = renameAddressAttrs(a.attrs, event.data.oldName, event.data.newName);
        state.addresses.set(nameKey(event.data.newName), { kind: 'account', id: a.id });
      }
      break;
    }
    case 'AccountDeleted': {
      const a = state.accounts.get(event.data.accountId);
      if (a) {
        state.addresses.delete(nameKey(a.name));
        for (const alias of a.aliases) state.addresses.delete(nameKey(alias));
        state.accounts.delete(a.id);
        for (const dl of state.dls.values()) dl.members = dl.members.filter((m) => nameKey(m) !== nameKey(a.name));
      }
      break;
    }
    case 'AccountPasswordSet': {
      const a = state.accounts.get(event.data.accountId);
      if (a) {
        a.passwordHash = event.data.passwordHash;
        a.passwordVersion += 1;
      }
      break;
    }
    case 'AccountAliasAdded': {
      const a = state.accounts.get(event.data.accountId);
      if (a) {
        a.aliases.push(event.data.alias);
        a.attrs = aliasAddedAttrs(a.attrs, event.data.alias);
        state.addresses.set(nameKey(event.data.alias), { kind: 'alias', targetKind: 'account', id: a.id });
      }
      break;
    }
    case 'AccountAliasRemoved': {
      const a = state.accounts.get(event.data.accountId);
      if (a) {
        const key = nameKey(event.data.alias);
        a.aliases = a.aliases.filter((x) => nameKey(x) !== key);
        a.attrs = aliasRemovedAttrs(a.attrs, event.data.alias);
        state.addresses.delete(key);
      }
      break;
    }
    case 'AuthTokenRevoked':
      state.revokedTokens.set(event.data.tokenId, event.data.expiresAt);
      break;
    case 'DistributionListCreated':
      state.dls.set(event.data.dlId, {
        id: event.data.dlId,
        name: event.data.name,
        domainId: event.data.domainId,
        attrs: event.data.attrs,
        members: [],
        aliases: [],
      });
      state.addresses.set(nameKey(event.data.name), { kind: 'dl', id: event.data.dlId });
      break;
    case 'DistributionListModified': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) dl.attrs = applyChanges(dl.attrs, event.data.changes);
      break;
    }
    case 'DistributionListRenamed': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) {
        state.addresses.delete(nameKey(event.data.oldName));
        dl.name = event.data.newName;
        dl.domainId = event.data.domainId;
        dl.attrs = renameAddressAttrs(dl.attrs, event.data.oldName, event.data.newName);
        state.addresses.set(nameKey(event.data.newName), { kind: 'dl', id: dl.id });
      }
      break;
    }
    case 'DistributionListDeleted': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) {
        state.addresses.delete(nameKey(dl.name));
        for (const alias of dl.aliases) state.addresses.delete(nameKey(alias));
        state.dls.delete(dl.id);
      }
      break;
    }
    case 'DistributionListMembersAdded': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) {
        const known = new Set(dl.members.map(nameKey));
        for (const m of event.data.members) if (!known.has(nameKey(m))) dl.members.push(m);
      }
      break;
    }
    case 'DistributionListMembersRemoved': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) {
        const gone = new Set(event.data.members.map(nameKey));
        dl.members = dl.members.filter((m) => !gone.has(nameKey(m)));
      }
      break;
    }
    case 'DistributionListAliasAdded': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) {
        dl.aliases.push(event.data.alias);
        dl.attrs = aliasAddedAttrs(dl.attrs, event.data.alias);
        state.addresses.set(nameKey(event.data.alias), { kind: 'alias', targetKind: 'dl', id: dl.id });
      }
      break;
    }
    case 'DistributionListAliasRemoved': {
      const dl = state.dls.get(event.data.dlId);
      if (dl) {
        const key = nameKey(event.data.alias);
        dl.aliases = dl.aliases.filter((x) => nameKey(x) !== key);
        dl.attrs = aliasRemovedAttrs(dl.attrs, event.data.alias);
        state.addresses.delete(key);
      }
      break;
    }
    case 'RightGranted':
      state.grants.push({ ...event.data });
      break;
  }
  return state;
}

/** Looks up an account by id, by its name or by one of its aliases. */
export function findAccount(state: DirectoryState, by: 'id' | 'name', value: string): AccountState | undefined {
  if (by === 'id') return state.accounts.get(value);
  const owner = state.addresses.get(nameKey(value));
  if (!owner) return undefined;
  if (owner.kind === 'account' || (owner.kind === 'alias' && owner.targetKind === 'account')) return state.accounts.get(owner.id);
  return undefined;
}

export function findDistributionList(state: DirectoryState, by: 'id' | 'name', value: string): DistributionListState | undefined {
  if (by === 'id') return state.dls.get(value);
  const owner = state.addresses.get(nameKey(value));
  if (!owner) return undefined;
  if (owner.kind === 'dl' || (owner.kind === 'alias' && owner.targetKind === 'dl')) return state.dls.get(owner.id);
  return undefined;
}

export function findDomain(state: DirectoryState, by: 'id' | 'name', value: string): NamedEntry | undefined {
  return by === 'id' ? state.domains.get(value) : state.domains.get(state.domainNames.get(nameKey(value)) ?? '');
}

export function findCos(state: DirectoryState, by: 'id' | 'name', value: string): NamedEntry | undefined {
  return by === 'id' ? state.coses.get(value) : state.coses.get(state.cosNames.get(nameKey(value)) ?? '');
}

/** The class of service that applies to an account: its own, its domain's default, or `default`. */
export function effectiveCos(state: DirectoryState, account: AccountState): NamedEntry | undefined {
  const own = account.attrs.zimbraCOSId?.[0];
  if (own && state.coses.has(own)) return state.coses.get(own);
  const domainDefault = state.domains.get(account.domainId)?.attrs.zimbraDomainDefaultCOSId?.[0];
  if (domainDefault && state.coses.has(domainDefault)) return state.coses.get(domainDefault);
  return findCos(state, 'name', 'default');
}

export const isAdminAccount = (a: AccountState) =>
  a.attrs.zimbraIsAdminAccount?.[0] === 'TRUE' || a.attrs.zimbraIsDelegatedAdminAccount?.[0] === 'TRUE';
