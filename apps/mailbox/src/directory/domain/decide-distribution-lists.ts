import { Attrs, DirectoryEvent, DomainError, ErrorCode } from '@gw/contracts';
import { DirectoryState, DistributionListState } from './directory-state';
import { nameKey, parseAddress } from './addresses';
import { attrChanges } from './attributes';
import { DecideContext, generalizedTime, initialAttrs, requireDomainOf, requireFreeAddress } from './decide-context';

function requireList(state: DirectoryState, id: string): DistributionListState {
  const dl = state.dls.get(id);
  if (!dl) throw new DomainError(ErrorCode.NO_SUCH_DISTRIBUTION_LIST, `no such distribution list: ${id}`, { id });
  return dl;
}

export function createDistributionList(state: DirectoryState, cmd: { name: string; attrs: Attrs }, ctx: DecideContext): DirectoryEvent[] {
  const { local, domain, address } = requireDomainOf(state, cmd.name);
  requireFreeAddress(state, address, ErrorCode.DISTRIBUTION_LIST_EXISTS);
  const dlId = ctx.newId();
  const attrs: Attrs = {
    zimbraMailStatus: ['enabled'],
    ...initialAttrs(cmd.attrs),
    zimbraId: [dlId],
    mail: [address],
    uid: [local],
    zimbraMailDeliveryAddress: [address],
    zimbraCreateTimestamp: [generalizedTime(ctx.now)],
  };
  return [{ type: 'DistributionListCreated', data: { dlId, name: address, domainId: domain.id, attrs } }];
}

export function modifyDistributionList(state: DirectoryState, cmd: { id: string; attrs: Attrs }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  const changes = attrChanges(dl.attrs, cmd.attrs);
  return Object.keys(changes).length ? [{ type: 'DistributionListModified', data: { dlId: dl.id, changes } }] : [];
}

export function renameDistributionList(state: DirectoryState, cmd: { id: string; newName: string }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  const { domain, address } = requireDomainOf(state, cmd.newName);
  if (nameKey(address) === nameKey(dl.name)) return [];
  requireFreeAddress(state, address, ErrorCode.DISTRIBUTION_LIST_EXISTS);
  return [{ type: 'DistributionListRenamed', data: { dlId: dl.id, oldName: dl.name, newName: address, domainId: domain.id } }];
}

export function deleteDistributionList(state: DirectoryState, cmd: { id: string }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  return [{ type: 'DistributionListDeleted', data: { dlId: dl.id, name: dl.name } }];
}

/** Adding members that are already there is allowed and a no-op (soap-admin.txt). */
export function addMembers(state: DirectoryState, cmd: { id: string; members: string[] }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  const known = new Set(dl.members.map(nameKey));
  const fresh: string[] = [];
  for (const m of cmd.members) {
    const address = parseAddress(m, 'member address').address;
    if (!known.has(address)) {
      known.add(address);
      fresh.push(address);
    }
  }
  return fresh.length ? [{ type: 'DistributionListMembersAdded', data: { dlId: dl.id, members: fresh } }] : [];
}

/** Unlike add, removing a non-member fails the whole request (soap-admin.txt). */
export function removeMembers(state: DirectoryState, cmd: { id: string; members: string[] }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  const known = new Map(dl.members.map((m) => [nameKey(m), m]));
  const gone: string[] = [];
  for (const m of cmd.members) {
    const existing = known.get(nameKey(m));
    if (!existing) throw new DomainError(ErrorCode.NO_SUCH_MEMBER, `no such member: ${m}`, { name: m });
    gone.push(existing);
  }
  return [{ type: 'DistributionListMembersRemoved', data: { dlId: dl.id, members: gone } }];
}

export function addListAlias(state: DirectoryState, cmd: { id: string; alias: string }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  const { address } = requireDomainOf(state, cmd.alias);
  requireFreeAddress(state, address, ErrorCode.DISTRIBUTION_LIST_EXISTS);
  return [{ type: 'DistributionListAliasAdded', data: { dlId: dl.id, alias: address } }];
}

export function removeListAlias(state: DirectoryState, cmd: { id: string; alias: string }): DirectoryEvent[] {
  const dl = requireList(state, cmd.id);
  const alias = dl.aliases.find((a) => nameKey(a) === nameKey(cmd.alias));
  if (!alias) throw new DomainError(ErrorCode.NO_SUCH_ALIAS, `no such alias: ${cmd.alias}`, { name: cmd.alias });
  return [{ type: 'DistributionListAliasRemoved', data: { dlId: dl.id, alias } }];
}
