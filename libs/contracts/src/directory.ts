import { z } from 'zod';

/**
 * The directory: accounts, domains, classes of service, distribution lists, aliases and grants.
 * Attributes are multi-valued as in LDAP (Zimbra's directory), keyed by attribute name.
 */
export type Attrs = Record<string, string[]>;

export type EntryType = 'account' | 'domain' | 'cos' | 'dl';

/** An entry as queries return it: Zimbra's `ldapRecord` (`<account name id><a n>..</a></account>`). */
export interface DirectoryEntry {
  type: EntryType;
  id: string;
  name: string;
  attrs: Attrs;
  /** Distribution list members (addresses). */
  members?: string[];
}

export interface AliasEntry {
  type: 'alias';
  id: string;
  name: string;
  targetId: string;
  targetName: string;
  targetType: 'account' | 'distributionlist';
}

const attrsSchema = z.record(z.string(), z.array(z.string()));
const by = z.enum(['id', 'name']);
const selector = z.object({ by, value: z.string().min(1) });
export type Selector = z.infer<typeof selector>;

export const directoryCommands = {
  CreateAccount: z.object({ name: z.string(), password: z.string().optional(), attrs: attrsSchema }),
  ModifyAccount: z.object({ id: z.string(), attrs: attrsSchema }),
  RenameAccount: z.object({ id: z.string(), newName: z.string() }),
  DeleteAccount: z.object({ id: z.string() }),
  SetPassword: z.object({ id: z.string(), newPassword: z.string() }),
  AddAccountAlias: z.object({ id: z.string(), alias: z.string() }),
  RemoveAccountAlias: z.object({ id: z.string(), alias: z.string() }),
  CreateDomain: z.object({ name: z.string(), attrs: attrsSchema }),
  ModifyDomain: z.object({ id: z.string(), attrs: attrsSchema }),
  DeleteDomain: z.object({ id: z.string() }),
  CreateCos: z.object({ name: z.string(), attrs: attrsSchema }),
  ModifyCos: z.object({ id: z.string(), attrs: attrsSchema }),
  RenameCos: z.object({ id: z.string(), newName: z.string() }),
  DeleteCos: z.object({ id: z.string() }),
  CreateDistributionList: z.object({ name: z.string(), attrs: attrsSchema }),
  ModifyDistributionList: z.object({ id: z.string(), attrs: attrsSchema }),
  RenameDistributionList: z.object({ id: z.string(), newName: z.string() }),
  DeleteDistributionList: z.object({ id: z.string() }),
  AddDistributionListMember: z.object({ id: z.string(), members: z.array(z.string()).min(1) }),
  RemoveDistributionListMember: z.object({ id: z.string(), members: z.array(z.string()).min(1) }),
  AddDistributionListAlias: z.object({ id: z.string(), alias: z.string() }),
  RemoveDistributionListAlias: z.object({ id: z.string(), alias: z.string() }),
  GrantRight: z.object({
    target: z.object({ type: z.string(), by: by.optional(), value: z.string().optional() }),
    grantee: z.object({ type: z.string(), by: by.optional(), value: z.string().optional() }),
    right: z.string().min(1),
    deny: z.boolean().default(false),
    canDelegate: z.boolean().default(false),
  }),
  /** Preferences of the caller's own account; `+name`/`-name` add or remove single values. */
  ModifyPrefs: z.object({ prefs: z.array(z.object({ name: z.string(), value: z.string() })) }),
} as const;

export const authCommands = {
  Authenticate: z.object({
    account: selector,
    password: z.string(),
    /** The admin port only lets admin accounts in. */
    admin: z.boolean(),
  }),
  /** Checks an existing token (AuthRequest with <authToken>). */
  ValidateToken: z.object({ authToken: z.string(), admin: z.boolean() }),
  DelegateAuth: z.object({ account: selector, durationSeconds: z.number().int().positive().optional() }),
  ChangePassword: z.object({ account: selector, oldPassword: z.string(), password: z.string() }),
  EndSession: z.object({}),
} as const;

export const directoryQueries = {
  /** `onBehalfOf`: the context header's `<account>`, for an admin acting on another account. */
  VerifyToken: z.object({ authToken: z.string(), onBehalfOf: selector.optional() }),
  GetAccount: z.object({ account: selector, applyCos: z.boolean().default(true), attrs: z.array(z.string()).optional() }),
  GetAllAccounts: z.object({ domain: selector.optional() }),
  GetAllAdminAccounts: z.object({ applyCos: z.boolean().default(true) }),
  GetDomain: z.object({ domain: selector, attrs: z.array(z.string()).optional() }),
  GetAllDomains: z.object({}),
  GetCos: z.object({ cos: selector, attrs: z.array(z.string()).optional() }),
  GetAllCos: z.object({}),
  GetDistributionList: z.object({
    dl: selector,
    limit: z.number().int().min(0).default(0),
    offset: z.number().int().min(0).default(0),
    sortAscending: z.boolean().default(true),
  }),
  GetAllDistributionLists: z.object({ domain: selector.optional() }),
  SearchDirectory: z.object({
    query: z.string().default(''),
    limit: z.number().int().min(0).default(0),
    offset: z.number().int().min(0).default(0),
    maxResults: z.number().int().min(0).default(0),
    domain: z.string().optional(),
    applyCos: z.boolean().default(true),
    attrs: z.array(z.string()).optional(),
    sortBy: z.string().optional(),
    sortAscending: z.boolean().default(true),
    types: z.array(z.enum(['accounts', 'distributionlists', 'aliases', 'resources', 'domains', 'coses'])).default(['accounts']),
  }),
  GetInfo: z.object({}),
  GetPrefs: z.object({ names: z.array(z.string()).optional() }),
  /**
   * For the HTTP presence edge (`GET /xmpp/status/<jid>`; trusted, no principal): the account whose
   * presence may be published under `address` (its name or an alias), or null alike for an unknown
   * or inactive account, a domain not hosted, and an account whose presence is not published.
   */
  PresencePublication: z.object({ address: z.string().max(320) }),
} as const;

/** PresencePublication's answer: null tells nobody why. */
export type PresencePublicationResult = { accountId: string } | null;

/**
 * Publishes presence over HTTP: a domain attribute (ModifyDomain, default FALSE) that a user
 * overrides for themselves with the preference of the same name (ModifyPrefs).
 */
export const PRESENCE_PUBLISHED_ATTR = 'zimbraPresencePublished';

export type DirectoryCommandName = keyof typeof directoryCommands;
export type AuthCommandName = keyof typeof authCommands;
export type DirectoryQueryName = keyof typeof directoryQueries;
export type CommandPayload<N extends DirectoryCommandName> = z.infer<(typeof directoryCommands)[N]>;
export type AuthPayload<N extends AuthCommandName> = z.infer<(typeof authCommands)[N]>;
export type QueryPayload<N extends DirectoryQueryName> = z.infer<(typeof directoryQueries)[N]>;

export interface AuthResult {
  authToken: string;
  lifetimeMs: number;
  account: { id: string; name: string };
}

export interface SearchDirectoryResult {
  entries: (DirectoryEntry | AliasEntry)[];
  more: boolean;
  total: number;
}

export interface AccountInfo {
  id: string;
  name: string;
  cos?: { id: string; name: string };
  attrs: Attrs;
  prefs: Attrs;
  lifetimeMs: number;
  adminDelegated: boolean;
}
