import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AliasEntry, Attrs, DirectoryEntry, DomainError, EntryType, ErrorCode, Selector, SearchDirectoryResult } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { READ_MODEL_DB } from '@gw/service-infra';
import { nameKey } from './domain/addresses';
import { LdapFilter, matchesFilter, parseLdapFilter } from './domain/ldap-filter';

interface EntryRow {
  id: string;
  type: EntryType;
  name: string;
  domain_id: string | null;
  attrs: Attrs | string;
  members: string[] | string;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** COS attributes that describe the class itself and are not inherited by its accounts. */
const COS_OWN_ATTRS = new Set(['cn', 'zimbraId', 'zimbraCreateTimestamp', 'description', 'zimbraNotes', 'objectClass']);

const OBJECT_CLASS: Record<EntryType, string[]> = {
  account: ['inetOrgPerson', 'zimbraAccount', 'amavisAccount'],
  domain: ['dcObject', 'organization', 'zimbraDomain'],
  cos: ['zimbraCOS'],
  dl: ['zimbraDistributionList', 'zimbraMailRecipient'],
};

const MISSING: Record<EntryType, { code: string; what: string }> = {
  account: { code: ErrorCode.NO_SUCH_ACCOUNT, what: 'account' },
  domain: { code: ErrorCode.NO_SUCH_DOMAIN, what: 'domain' },
  cos: { code: ErrorCode.NO_SUCH_COS, what: 'cos' },
  dl: { code: ErrorCode.NO_SUCH_DISTRIBUTION_LIST, what: 'distribution list' },
};

/** Aliases have no row of their own; a stable id derived from the address stands in for one. */
const aliasId = (name: string) => {
  const h = createHash('sha1').update(nameKey(name)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Queries over the directory read model. */
@Injectable()
export class DirectoryReadModel {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

  private toEntry(row: EntryRow): DirectoryEntry {
    const entry: DirectoryEntry = { type: row.type, id: row.id, name: row.name, attrs: json<Attrs>(row.attrs) };
    if (row.type === 'dl') {
      entry.members = json<string[]>(row.members);
      if (entry.members.length) entry.attrs = { ...entry.attrs, zimbraMailForwardingAddress: [...entry.members] };
    }
    return entry;
  }

  async find(type: EntryType, selector: Selector): Promise<DirectoryEntry | undefined> {
    const value = selector.value.trim();
    if (selector.by === 'id') {
      const { rows } = await this.db.query<EntryRow>(`SELECT * FROM directory_entries WHERE type = $1 AND id = $2`, [type, value]);
      return rows[0] && this.toEntry(rows[0]);
    }
    const { rows } = await this.db.query<EntryRow>(`SELECT * FROM directory_entries WHERE type = $1 AND name_key = $2`, [type, nameKey(value)]);
    if (rows[0]) return this.toEntry(rows[0]);
    if (type !== 'account' && type !== 'dl') return undefined;
    // Accounts and lists are found by their aliases too.
    const alias = await this.db.query<EntryRow>(
      `SELECT e.* FROM directory_aliases a JOIN directory_entries e ON e.id = a.target_id WHERE a.name_key = $1 AND e.type = $2`,
      [nameKey(value), type],
    );
    return alias.rows[0] && this.toEntry(alias.rows[0]);
  }

  async require(type: EntryType, selector: Selector): Promise<DirectoryEntry> {
    const entry = await this.find(type, selector);
    if (!entry) {
      const { code, what } = MISSING[type];
      throw new DomainError(code, `no such ${what}: ${selector.value}`, { [selector.by]: selector.value });
    }
    return entry;
  }

  async all(type: EntryType, domainId?: string): Promise<DirectoryEntry[]> {
    const { rows } = domainId
      ? await this.db.query<EntryRow>(`SELECT * FROM directory_entries WHERE type = $1 AND domain_id = $2 ORDER BY name_key`, [type, domainId])
      : await this.db.query<EntryRow>(`SELECT * FROM directory_entries WHERE type = $1 ORDER BY name_key`, [type]);
    return rows.map((r) => this.toEntry(r));
  }

  async admins(): Promise<DirectoryEntry[]> {
    const { rows } = await this.db.query<EntryRow>(
      `SELECT * FROM directory_entries WHERE type = 'account'
         AND (attrs @> '{"zimbraIsAdminAccount":["TRUE"]}'::jsonb OR attrs @> '{"zimbraIsDelegatedAdminAccount":["TRUE"]}'::jsonb)
       ORDER BY name_key`,
    );
    return rows.map((r) => this.toEntry(r));
  }

  /** The class of service of an account: its own, its domain's default, or the one named default. */
  async cosOf(account: DirectoryEntry): Promise<DirectoryEntry | undefined> {
    const own = account.attrs.zimbraCOSId?.[0];
    if (own) {
      const cos = await this.find('cos', { by: 'id', value: own });
      if (cos) return cos;
    }
    const { rows } = await this.db.query<EntryRow>(`SELECT d.* FROM directory_entries a JOIN directory_entries d ON d.id = a.domain_id WHERE a.id = $1`, [
      account.id,
    ]);
    const domainDefault = rows[0] ? json<Attrs>(rows[0].attrs).zimbraDomainDefaultCOSId?.[0] : undefined;
    if (domainDefault) {
      const cos = await this.find('cos', { by: 'id', value: domainDefault });
      if (cos) return cos;
    }
    return this.find('cos', { by: 'name', value: 'default' });
  }

  /** The account's attributes with unset ones taken from its class of service (applyCos="1"). */
  async withCos(account: DirectoryEntry): Promise<DirectoryEntry> {
    const cos = await this.cosOf(account);
    if (!cos) return account;
    const inherited: Attrs = {};
    for (const [k, v] of Object.entries(cos.attrs)) if (!COS_OWN_ATTRS.has(k)) inherited[k] = v;
    return { ...account, attrs: { ...inherited, ...account.attrs } };
  }

  async search(q: {
    query: string;
    limit: number;
    offset: number;
    maxResults: number;
    domain?: string;
    applyCos: boolean;
    sortBy?: string;
    sortAscending: boolean;
    types: string[];
  }): Promise<SearchDirectoryResult> {
    const filter: LdapFilter | null = parseLdapFilter(q.query);
    let domainId: string | undefined;
    if (q.domain) {
      const domain = await this.require('domain', { by: 'name', value: q.domain });
      domainId = domain.id;
    }
    const wanted = new Set(q.types);
    const entries: (DirectoryEntry | AliasEntry)[] = [];
    const consider = (entry: DirectoryEntry | AliasEntry, attrs: Attrs) => {
      if (matchesFilter(filter, attrs)) entries.push(entry);
    };
    const withClass = (e: DirectoryEntry) => ({ ...e.attrs, objectClass: OBJECT_CLASS[e.type] });
    if (wanted.has('accounts') || wanted.has('resources')) {
      for (const raw of await this.all('account', domainId)) {
        const a = q.applyCos ? await this.withCos(raw) : raw;
        consider(a, withClass(a));
      }
    }
    if (wanted.has('distributionlists')) for (const dl of await this.all('dl', domainId)) consider(dl, withClass(dl));
    if (wanted.has('domains') && !domainId) for (const d of await this.all('domain')) consider(d, withClass(d));
    if (wanted.has('coses') && !domainId) for (const c of await this.all('cos')) consider(c, withClass(c));
    if (wanted.has('aliases')) {
      const { rows } = await this.db.query<{ name: string; target_id: string; target_type: string; target_name: string; domain_id: string }>(
        `SELECT a.name, a.target_id, a.target_type, e.name AS target_name, e.domain_id FROM directory_aliases a
           JOIN directory_entries e ON e.id = a.target_id ORDER BY a.name_key`,
      );
      for (const r of rows) {
        if (domainId && !nameKey(r.name).endsWith(`@${nameKey(q.domain!)}`)) continue;
        const alias: AliasEntry = {
          type: 'alias',
          id: aliasId(r.name),
          name: r.name,
          targetId: r.target_id,
          targetName: r.target_name,
          targetType: r.target_type as AliasEntry['targetType'],
        };
        const uid = r.name.split('@')[0];
        consider(alias, { uid: [uid], mail: [r.name], zimbraId: [alias.id], zimbraAliasTargetId: [r.target_id], objectClass: ['zimbraAlias'] });
      }
    }
    if (q.maxResults > 0 && entries.length > q.maxResults) {
      throw new DomainError(ErrorCode.TOO_MANY_SEARCH_RESULTS, `too many search results: more than ${q.maxResults}`);
    }
    const sortKey = (e: DirectoryEntry | AliasEntry) => {
      if (!q.sortBy || q.sortBy === 'name') return e.name.toLowerCase();
      const attrs = 'attrs' in e ? e.attrs : {};
      return (attrs[q.sortBy]?.[0] ?? '').toLowerCase();
    };
    entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0) * (q.sortAscending ? 1 : -1));
    const page = q.limit > 0 ? entries.slice(q.offset, q.offset + q.limit) : entries.slice(q.offset);
    return { entries: page, more: q.offset + page.length < entries.length, total: entries.length };
  }
}

/** Keeps only the requested attributes (`attrs="a,b"` on Get*Request), as Zimbra does. */
export function selectAttrs<T extends { attrs: Attrs }>(entry: T, names?: string[]): T {
  if (!names?.length) return entry;
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const attrs: Attrs = {};
  for (const [k, v] of Object.entries(entry.attrs)) if (wanted.has(k.toLowerCase())) attrs[k] = v;
  return { ...entry, attrs };
}
