import { PRESENCE_PUBLISHED_ATTR, PresencePublicationResult } from '@gw/contracts';
import { DirectoryState, effectiveCos, findAccount } from './directory-state';
import { firstValue } from './attributes';

/** TRUE/FALSE as set (checked on write; read leniently), undefined when not set. */
function flag(value: string | undefined): boolean | undefined {
  const v = value?.trim().toUpperCase();
  return v === 'TRUE' ? true : v === 'FALSE' ? false : undefined;
}

/**
 * Whether an account's presence is published over HTTP: the user's own setting wins, either way;
 * without one the domain's; without that, not published (the domain opts in).
 */
export function isPresencePublished(domainValue: string | undefined, userValue: string | undefined): boolean {
  return flag(userValue) ?? flag(domainValue) ?? false;
}

/**
 * PresencePublication: the account behind `address` (its name or an alias, as ResolveRecipient
 * finds it) when it is active, its domain is active, and its presence is published; else null,
 * whatever the reason. The user's setting is the account's own value, else its class of service's.
 */
export function presencePublication(state: DirectoryState, address: string): PresencePublicationResult {
  const account = findAccount(state, 'name', address);
  if (!account || (firstValue(account.attrs, 'zimbraAccountStatus') ?? 'active') !== 'active') return null;
  const domain = state.domains.get(account.domainId);
  if (!domain || (firstValue(domain.attrs, 'zimbraDomainStatus') ?? 'active') !== 'active') return null;
  const cos = effectiveCos(state, account);
  const userValue = firstValue(account.attrs, PRESENCE_PUBLISHED_ATTR) ?? (cos ? firstValue(cos.attrs, PRESENCE_PUBLISHED_ATTR) : undefined);
  return isPresencePublished(firstValue(domain.attrs, PRESENCE_PUBLISHED_ATTR), userValue) ? { accountId: account.id } : null;
}
