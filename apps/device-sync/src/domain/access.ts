import { DomainError, ErrorCode, Principal } from '@gw/contracts';

export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no valid authtoken present');
  return principal;
}

/**
 * Whose devices a request acts on: the caller's own, unless an admin names another account (the
 * Z-Push webservice's `User=` differing from the authenticated user, or admin consoles).
 */
export function targetAccount(principal: Principal | undefined, accountId: string | undefined): string {
  const caller = requirePrincipal(principal);
  if (accountId === undefined || accountId === caller.id) return caller.id;
  if (!caller.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, "permission denied: only an admin may act on another account's devices");
  return accountId;
}

/** Requests about every account's devices (WebserviceUsers, GetDevicesCount). */
export function requireAdmin(principal: Principal | undefined): Principal {
  const caller = requirePrincipal(principal);
  if (!caller.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: need admin rights');
  return caller;
}
