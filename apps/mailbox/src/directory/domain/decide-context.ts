import { Attrs, DirectoryEvent, DomainError, ErrorCode } from '@gw/contracts';
import { DirectoryState, effectiveCos, AccountState, NamedEntry } from './directory-state';
import { nameKey, parseAddress } from './addresses';
import { checkAttrName, checkAttrValue, firstValue, SYSTEM_ATTRS } from './attributes';

/** What a decision may need from the world, handed in so that deciding stays pure. */
export interface DecideContext {
  now: Date;
  newId: () => string;
}

/** A password as a command carries it: the hash is computed before deciding (it is slow). */
export interface PasswordInput {
  plain: string;
  hash: string;
}

export type Decision = DirectoryEvent[];

/** Zimbra's generalized time, the format of zimbraCreateTimestamp. */
export const generalizedTime = (d: Date) => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Every address is unique across accounts, lists and aliases. A clash is reported with the code
 * of what was asked for, as Zimbra does (an account over a list's address is "account exists").
 */
export function requireFreeAddress(state: DirectoryState, address: string, existsCode: string): void {
  if (state.addresses.has(nameKey(address))) {
    throw new DomainError(existsCode, `email address already exists: ${address}`, { name: address });
  }
}

export function requireDomainOf(state: DirectoryState, address: string): { local: string; domain: NamedEntry; address: string } {
  const parsed = parseAddress(address);
  const domainId = state.domainNames.get(parsed.domain);
  const domain = domainId ? state.domains.get(domainId) : undefined;
  if (!domain) throw new DomainError(ErrorCode.NO_SUCH_DOMAIN, `no such domain: ${parsed.domain}`, { name: parsed.domain });
  return { local: parsed.local, domain, address: parsed.address };
}

export function requireAccount(state: DirectoryState, id: string): AccountState {
  const a = state.accounts.get(id);
  if (!a) throw new DomainError(ErrorCode.NO_SUCH_ACCOUNT, `no such account: ${id}`, { id });
  return a;
}

/** Validates the attributes given at creation; system attributes are refused. */
export function initialAttrs(requested: Attrs): Attrs {
  const attrs: Attrs = {};
  for (const [name, values] of Object.entries(requested)) {
    checkAttrName(name);
    if (SYSTEM_ATTRS.has(name)) {
      throw new DomainError(ErrorCode.INVALID_ATTR_NAME, `invalid attr name: ${name} is maintained by the server`, { name });
    }
    const nonEmpty = values.filter((v) => v !== '');
    nonEmpty.forEach((v) => checkAttrValue(name, v));
    if (nonEmpty.length) attrs[name] = [...new Set(nonEmpty)];
  }
  return attrs;
}

export function requireCosIfSet(state: DirectoryState, attrs: Attrs): void {
  const cosId = attrs.zimbraCOSId?.[0];
  if (cosId && !state.coses.has(cosId)) throw new DomainError(ErrorCode.NO_SUCH_COS, `no such cos: ${cosId}`, { id: cosId });
}

/** Password rules come from the class of service, as in Zimbra (zimbraPasswordMinLength/MaxLength). */
export function checkPasswordPolicy(state: DirectoryState, password: string, account?: AccountState, attrs?: Attrs): void {
  const cos = account ? effectiveCos(state, account) : undefined;
  const source = { ...(cos?.attrs ?? defaultCosAttrs(state)), ...(attrs ?? account?.attrs ?? {}) };
  const min = parseInt(firstValue(source, 'zimbraPasswordMinLength') ?? '6', 10);
  const max = parseInt(firstValue(source, 'zimbraPasswordMaxLength') ?? '64', 10);
  if (password.length < min) throw new DomainError(ErrorCode.INVALID_PASSWORD, `invalid password: too short (minimum ${min})`);
  if (max > 0 && password.length > max) throw new DomainError(ErrorCode.INVALID_PASSWORD, `invalid password: too long (maximum ${max})`);
}

function defaultCosAttrs(state: DirectoryState): Attrs {
  for (const cos of state.coses.values()) if (nameKey(cos.name) === 'default') return cos.attrs;
  return {};
}
