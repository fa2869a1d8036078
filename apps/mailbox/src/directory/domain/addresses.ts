import { DomainError, ErrorCode } from '@gw/contracts';

/** Directory names compare case-insensitively, as LDAP does. */
export const nameKey = (name: string) => name.trim().toLowerCase();

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isDomainName(name: string): boolean {
  return DOMAIN_NAME.test(name);
}

/** Splits `local@domain`; Zimbra requires the domain part on every account and list name. */
export function parseAddress(address: string, what = 'address'): { local: string; domain: string; address: string } {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  const local = at > 0 ? trimmed.slice(0, at) : '';
  const domain = at > 0 ? trimmed.slice(at + 1) : '';
  if (!local || !domain || local.length > 64 || !LOCAL_PART.test(local) || !isDomainName(domain)) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid ${what}: ${address}`);
  }
  return { local: local.toLowerCase(), domain: domain.toLowerCase(), address: `${local}@${domain}`.toLowerCase() };
}

export function requireDomainName(name: string): string {
  const trimmed = name.trim().toLowerCase();
  if (!isDomainName(trimmed)) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: invalid domain name: ${name}`);
  return trimmed;
}
