import { AttrChanges, Attrs, DomainError, ErrorCode, PRESENCE_PUBLISHED_ATTR } from '@gw/contracts';

/**
 * Attribute rules of the directory. Zimbra checks every name against its LDAP schema; we accept
 * any well-formed name and check the values of the attributes whose meaning we implement.
 */
const ATTR_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Attributes the server maintains itself; an admin cannot set them directly. */
export const SYSTEM_ATTRS = new Set([
  'zimbraId',
  'mail',
  'uid',
  'zimbraMailDeliveryAddress',
  'zimbraMailAlias',
  'zimbraCreateTimestamp',
  'userPassword',
  'zimbraDomainName',
  'zimbraPasswordModifiedTime',
]);

/** Account attributes a user sets for themselves with ModifyPrefs, besides the zimbraPref* ones. */
const SELF_SERVICE_PREFS = new Set([PRESENCE_PUBLISHED_ATTR]);

/** Preferences: what ModifyPrefs may change and GetPrefs returns. */
export const isPrefName = (name: string) => name.startsWith('zimbraPref') || SELF_SERVICE_PREFS.has(name);

const ENUMS: Record<string, string[]> = {
  zimbraAccountStatus: ['active', 'maintenance', 'locked', 'closed', 'lockout', 'pending'],
  zimbraIsAdminAccount: ['TRUE', 'FALSE'],
  zimbraIsDelegatedAdminAccount: ['TRUE', 'FALSE'],
  zimbraHideInGal: ['TRUE', 'FALSE'],
  zimbraPresencePublished: ['TRUE', 'FALSE'],
  zimbraPrefPresencePublished: ['TRUE', 'FALSE'],
  zimbraDomainStatus: ['active', 'maintenance', 'locked', 'closed', 'suspended', 'shutdown'],
  zimbraDomainType: ['local', 'alias'],
  zimbraMailStatus: ['enabled', 'disabled'],
};

const INTEGERS = new Set(['zimbraMailQuota', 'zimbraPasswordMinLength', 'zimbraPasswordMaxLength', 'zimbraContactMaxNumEntries']);
/** Zimbra durations: a number with an optional unit (d, h, m, s, ms). */
const DURATIONS = new Set(['zimbraAuthTokenLifetime', 'zimbraAdminAuthTokenLifetime', 'zimbraMailMessageLifetime', 'zimbraMailTrashLifetime']);
const DURATION = /^\d+(ms|[dhms])?$/;

export function checkAttrName(name: string): void {
  if (!ATTR_NAME.test(name)) throw new DomainError(ErrorCode.INVALID_ATTR_NAME, `invalid attr name: ${name}`, { name });
}

export function checkAttrValue(name: string, value: string): void {
  const allowed = ENUMS[name];
  if (allowed && !allowed.includes(value)) {
    throw new DomainError(ErrorCode.INVALID_ATTR_VALUE, `invalid attr value: ${name} must be one of ${allowed.join(',')}`, { name, value });
  }
  if (INTEGERS.has(name) && !/^\d+$/.test(value)) {
    throw new DomainError(ErrorCode.INVALID_ATTR_VALUE, `invalid attr value: ${name} must be an integer`, { name, value });
  }
  if (DURATIONS.has(name) && !DURATION.test(value)) {
    throw new DomainError(ErrorCode.INVALID_ATTR_VALUE, `invalid attr value: ${name} must be a duration`, { name, value });
  }
}

/**
 * Turns the attrs of a Modify request into changes. As in Zimbra, an empty value removes the
 * attribute, several values replace it as a whole, and `+name`/`-name` add or remove one value.
 */
export function attrChanges(current: Attrs, requested: Attrs, opts: { allowSystem?: boolean } = {}): AttrChanges {
  const changes: AttrChanges = {};
  const working = (name: string) => (name in changes ? (changes[name] ?? []) : (current[name] ?? []));
  for (const [rawName, values] of Object.entries(requested)) {
    const op = rawName[0] === '+' || rawName[0] === '-' ? rawName[0] : '';
    const name = op ? rawName.slice(1) : rawName;
    checkAttrName(name);
    if (!opts.allowSystem && SYSTEM_ATTRS.has(name)) {
      throw new DomainError(ErrorCode.INVALID_ATTR_NAME, `invalid attr name: ${name} is maintained by the server`, { name });
    }
    const nonEmpty = values.filter((v) => v !== '');
    nonEmpty.forEach((v) => checkAttrValue(name, v));
    if (op === '+') {
      const next = [...working(name)];
      for (const v of nonEmpty) if (!next.includes(v)) next.push(v);
      changes[name] = next;
    } else if (op === '-') {
      const next = working(name).filter((v) => !nonEmpty.includes(v));
      changes[name] = next.length ? next : null;
    } else {
      changes[name] = nonEmpty.length ? [...new Set(nonEmpty)] : null;
    }
  }
  return changes;
}

export function applyChanges(attrs: Attrs, changes: AttrChanges): Attrs {
  const next: Attrs = { ...attrs };
  for (const [name, values] of Object.entries(changes)) {
    if (values === null || values.length === 0) delete next[name];
    else next[name] = values;
  }
  return next;
}

export const firstValue = (attrs: Attrs, name: string): string | undefined => attrs[name]?.[0];

/** Parses a Zimbra duration (`2d`, `12h`, `3600`, `500ms`; bare numbers are seconds) to milliseconds. */
export function durationMs(value: string | undefined, fallbackMs: number): number {
  if (!value || !DURATION.test(value)) return fallbackMs;
  const n = parseInt(value, 10);
  if (value.endsWith('ms')) return n;
  const unit = value.at(-1);
  const factor = unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000;
  return n * factor;
}
