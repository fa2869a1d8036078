import { ChatConfigVar, RoomAffiliation, RoomConfig } from '@gw/contracts';
import { refuse } from '../refusals';
import { RoomState } from './chat-state';

/**
 * A new room's configuration (XEP-0045 defaults: public, temporary, open to all, semi-anonymous,
 * invitations by owners and admins only). `open` is false while the room is locked.
 */
export function defaultRoomConfig(at: number): RoomConfig {
  return {
    open: false,
    creationdate: new Date(at).toISOString(),
    publicroom: true,
    moderated: false,
    persistent: false,
    membersonly: false,
    nonanonymous: false,
    semianonymous: true,
    passwordprotect: false,
    password: '',
    maxusers: 0,
    longname: '',
    description: '',
    subject: '',
    subjectmodifyable: false,
    allowinvites: false,
    presencebroadcast: ['moderator', 'participant', 'visitor'],
    whois: ['moderator'],
    enablelogging: false,
    reservednick: false,
    canchangenick: true,
    allowregister: true,
  };
}

type Keys<T> = { [K in keyof RoomConfig]: RoomConfig[K] extends T ? K : never }[keyof RoomConfig];
type BooleanVar = Keys<boolean>;
type StringVar = Keys<string>;
type ListVar = Keys<string[]>;

/** The settable variables by type (soap-im.txt "Config Vars"); `open` and `creationdate` are the room's own. */
const BOOLEAN_VARS: readonly BooleanVar[] = [
  'publicroom',
  'moderated',
  'persistent',
  'membersonly',
  'nonanonymous',
  'semianonymous',
  'passwordprotect',
  'subjectmodifyable',
  'allowinvites',
  'enablelogging',
  'reservednick',
  'canchangenick',
  'allowregister',
];
const STRING_VARS: readonly StringVar[] = ['password', 'longname', 'description', 'subject'];
const LIST_VARS: readonly ListVar[] = ['presencebroadcast', 'whois'];
/** Read-only variables a client may send back as it got them: ignored. */
const READ_ONLY_VARS = ['open', 'creationdate', 'numoccupants'];

/** The affiliation lists: `owners` and `admins` as soap-im.txt, `members` and `outcasts` as extensions. */
export const AFFILIATION_LISTS = { owners: 'owner', admins: 'admin', members: 'member', outcasts: 'outcast' } as const;
export type AffiliationList = keyof typeof AFFILIATION_LISTS;
type ListedAffiliation = (typeof AFFILIATION_LISTS)[AffiliationList];

const MAX_USERS_LIMIT = 100_000;

const includes = <T extends string>(list: readonly T[], name: string): name is T => (list as readonly string[]).includes(name);

function parseBoolean(name: string, value: string): boolean {
  switch (value.toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      throw refuse.invalid(`${name} must be 1, 0, true or false, not ${JSON.stringify(value)}`);
  }
}

function parseCount(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) > MAX_USERS_LIMIT) throw refuse.invalid(`${name} must be a whole number up to ${MAX_USERS_LIMIT}`);
  return Number(value);
}

/** A multi-valued variable's values (trimmed, blanks dropped, as Zimbra reads them); a single value counts as a list of one. */
const valuesOf = (v: ChatConfigVar): string[] => (v.values ?? (v.value !== undefined ? [v.value] : [])).map((s) => s.trim()).filter((s) => s.length > 0);

export interface ParsedRoomConfig {
  config: RoomConfig;
  /** The affiliation lists that were given: each replaces the whole list of its affiliation. */
  lists: Partial<Record<ListedAffiliation, string[]>>;
}

/**
 * IMModifyChat op=configure: the typed configuration after `vars` (booleans 1/0/true/false,
 * maxusers a count). A single-valued variable with a blank value changes nothing (as Zimbra);
 * an unknown variable or a bad value is refused.
 */
export function parseRoomConfig(current: RoomConfig, vars: readonly ChatConfigVar[]): ParsedRoomConfig {
  const config: RoomConfig = { ...current };
  const lists: Partial<Record<ListedAffiliation, string[]>> = {};
  for (const v of vars) {
    const name = v.name.trim().toLowerCase();
    if (name in AFFILIATION_LISTS) {
      lists[AFFILIATION_LISTS[name as AffiliationList]] = [...new Set(valuesOf(v).map((a) => a.toLowerCase()))];
      continue;
    }
    if (includes(LIST_VARS, name)) {
      config[name] = valuesOf(v);
      continue;
    }
    if (READ_ONLY_VARS.includes(name)) continue;
    const value = (v.value ?? v.values?.[0] ?? '').trim();
    if (includes(BOOLEAN_VARS, name)) {
      if (value) config[name] = parseBoolean(name, value);
    } else if (includes(STRING_VARS, name)) {
      // A password keeps its blanks; any other text is trimmed.
      const raw = v.value ?? v.values?.[0] ?? '';
      if (value) config[name] = name === 'password' ? raw : value;
    } else if (name === 'maxusers') {
      if (value) config.maxusers = parseCount(name, value);
    } else {
      throw refuse.invalid(`unknown room configuration variable: ${v.name}`);
    }
  }
  const seen = new Map<string, ListedAffiliation>();
  for (const [affiliation, addrs] of Object.entries(lists) as [ListedAffiliation, string[]][]) {
    for (const addr of addrs) {
      const other = seen.get(addr);
      if (other) throw refuse.invalid(`${addr} cannot be both ${other} and ${affiliation}`);
      seen.set(addr, affiliation);
    }
  }
  return { config, lists };
}

/** The affiliations after replacing the given lists: every changed address with its new affiliation, in address order. */
export function affiliationChanges(room: RoomState, lists: ParsedRoomConfig['lists']): [string, RoomAffiliation][] {
  const next = new Map<string, RoomAffiliation>(Object.entries(room.affiliations));
  for (const [affiliation, addrs] of Object.entries(lists) as [ListedAffiliation, string[]][]) {
    for (const [addr, current] of next) if (current === affiliation && !addrs.includes(addr)) next.set(addr, 'none');
  }
  for (const [affiliation, addrs] of Object.entries(lists) as [ListedAffiliation, string[]][]) for (const addr of addrs) next.set(addr, affiliation);
  return [...next]
    .filter(([addr, affiliation]) => (room.affiliations[addr] ?? 'none') !== affiliation)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

const bool = (name: string, value: boolean): ChatConfigVar => ({ name, value: value ? '1' : '0' });
const text = (name: string, value: string | number): ChatConfigVar => ({ name, value: String(value) });
const multi = (name: string, values: string[]): ChatConfigVar => ({ name, values });

const holders = (room: RoomState, affiliation: RoomAffiliation) =>
  Object.entries(room.affiliations)
    .filter(([, a]) => a === affiliation)
    .map(([addr]) => addr)
    .sort();

/**
 * IMGetChatConfiguration's variables. Anyone sees what XEP-0045's room information (disco#info)
 * shows; an owner's view (requestOwnerConfig) adds the password, the invitation and nickname
 * rules and the affiliation lists.
 */
export function roomConfigVars(room: RoomState, ownerView: boolean): ChatConfigVar[] {
  const c = room.config;
  const vars: ChatConfigVar[] = [
    bool('open', !room.locked),
    text('creationdate', c.creationdate),
    bool('publicroom', c.publicroom),
    bool('moderated', c.moderated),
    bool('persistent', c.persistent),
    bool('membersonly', c.membersonly),
    bool('nonanonymous', c.nonanonymous),
    bool('semianonymous', c.semianonymous),
    bool('passwordprotect', c.passwordprotect),
    text('numoccupants', Object.keys(room.occupants).length),
    text('maxusers', c.maxusers),
    text('longname', c.longname),
    text('description', c.description),
    text('subject', c.subject),
    bool('subjectmodifyable', c.subjectmodifyable),
  ];
  if (!ownerView) return vars;
  return [
    ...vars,
    text('password', c.password),
    bool('allowinvites', c.allowinvites),
    multi('presencebroadcast', c.presencebroadcast),
    multi('whois', c.whois),
    bool('enablelogging', c.enablelogging),
    bool('reservednick', c.reservednick),
    bool('canchangenick', c.canchangenick),
    bool('allowregister', c.allowregister),
    ...(Object.entries(AFFILIATION_LISTS) as [AffiliationList, ListedAffiliation][]).map(([list, affiliation]) => multi(list, holders(room, affiliation))),
  ];
}
