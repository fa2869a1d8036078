import { Attrs, DirectoryEvent, DomainError, ErrorCode } from '@gw/contracts';
import { DirectoryState } from './directory-state';
import { nameKey, requireDomainName } from './addresses';
import { attrChanges } from './attributes';
import { DecideContext, generalizedTime, initialAttrs } from './decide-context';

export function createDomain(state: DirectoryState, cmd: { name: string; attrs: Attrs }, ctx: DecideContext): DirectoryEvent[] {
  const name = requireDomainName(cmd.name);
  if (state.domainNames.has(name)) throw new DomainError(ErrorCode.DOMAIN_EXISTS, `domain already exists: ${name}`, { name });
  const requested = initialAttrs(cmd.attrs);
  const cosId = requested.zimbraDomainDefaultCOSId?.[0];
  if (cosId && !state.coses.has(cosId)) throw new DomainError(ErrorCode.NO_SUCH_COS, `no such cos: ${cosId}`, { id: cosId });
  const domainId = ctx.newId();
  const attrs: Attrs = {
    zimbraDomainStatus: ['active'],
    zimbraDomainType: ['local'],
    ...requested,
    zimbraId: [domainId],
    zimbraDomainName: [name],
    zimbraCreateTimestamp: [generalizedTime(ctx.now)],
  };
  return [{ type: 'DomainCreated', data: { domainId, name, attrs } }];
}

function requireDomain(state: DirectoryState, id: string) {
  const domain = state.domains.get(id);
  if (!domain) throw new DomainError(ErrorCode.NO_SUCH_DOMAIN, `no such domain: ${id}`, { id });
  return domain;
}

export function modifyDomain(state: DirectoryState, cmd: { id: string; attrs: Attrs }): DirectoryEvent[] {
  const domain = requireDomain(state, cmd.id);
  const changes = attrChanges(domain.attrs, cmd.attrs);
  const cosId = changes.zimbraDomainDefaultCOSId?.[0];
  if (cosId && !state.coses.has(cosId)) throw new DomainError(ErrorCode.NO_SUCH_COS, `no such cos: ${cosId}`, { id: cosId });
  return Object.keys(changes).length ? [{ type: 'DomainModified', data: { domainId: domain.id, changes } }] : [];
}

/** A domain that still holds accounts, lists or aliases cannot be deleted (DOMAIN_NOT_EMPTY). */
export function deleteDomain(state: DirectoryState, cmd: { id: string }): DirectoryEvent[] {
  const domain = requireDomain(state, cmd.id);
  const suffix = `@${nameKey(domain.name)}`;
  for (const address of state.addresses.keys()) {
    if (address.endsWith(suffix)) throw new DomainError(ErrorCode.DOMAIN_NOT_EMPTY, `domain not empty: ${domain.name}`, { name: domain.name });
  }
  return [{ type: 'DomainDeleted', data: { domainId: domain.id, name: domain.name } }];
}
