import { DomainError, ErrorCode, ImErrorCode, Principal } from '@gw/contracts';

/** The refusals of the domain, worded for the SOAP edge that reports them. */
export const refuse = {
  invalidAddress: (addr: string) => new DomainError(ImErrorCode.INVALID_ADDRESS, `invalid IM address: ${addr}`, { addr }),
  sessionRequired: () => new DomainError(ImErrorCode.SESSION_REQUIRED, 'session required: IMSetIdle needs an active session'),
  invalid: (message: string) => new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: ${message}`),
};

export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no valid authtoken present');
  return principal;
}
