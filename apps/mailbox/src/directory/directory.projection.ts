import { AttrChanges, Attrs, DIRECTORY_STREAM, DirectoryEvent } from '@gw/contracts';
import { Commit } from '@gw/event-store';
import { Projection, SqlExecutor } from '@gw/read-model';
import { applyChanges } from './domain/attributes';
import { aliasAddedAttrs, aliasRemovedAttrs, renameAddressAttrs } from './domain/directory-state';
import { nameKey } from './domain/addresses';

/**
 * The directory read model: one row per entry (account, domain, cos, dl) with its attributes as
 * JSON, the aliases, and the grants. Queries (GetAccount, SearchDirectory, GetInfo…) read it.
 * Password hashes never reach it: authentication uses the aggregate.
 */
export const DIRECTORY_TABLES = ['directory_entries', 'directory_aliases', 'directory_grants'];

const MIGRATIONS = [
  `CREATE TABLE directory_entries (
     id text PRIMARY KEY,
     type text NOT NULL,
     name text NOT NULL,
     name_key text NOT NULL,
     domain_id text,
     attrs jsonb NOT NULL,
     members jsonb NOT NULL DEFAULT '[]'::jsonb
   )`,
  `CREATE UNIQUE INDEX directory_entries_name ON directory_entries (type, name_key)`,
  `CREATE TABLE directory_aliases (
     name_key text PRIMARY KEY,
     name text NOT NULL,
     target_id text NOT NULL,
     target_type text NOT NULL
   )`,
  `CREATE INDEX directory_aliases_target ON directory_aliases (target_id)`,
  `CREATE TABLE directory_grants (
     id text PRIMARY KEY,
     target_type text NOT NULL,
     target_id text,
     target_name text,
     grantee_type text NOT NULL,
     grantee_id text,
     grantee_name text,
     right_name text NOT NULL,
     deny boolean NOT NULL,
     can_delegate boolean NOT NULL
   )`,
];

async function insertEntry(tx: SqlExecutor, type: string, id: string, name: string, domainId: string | null, attrs: Attrs) {
  await tx.query(
    `INSERT INTO directory_entries (id, type, name, name_key, domain_id, attrs) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [id, type, name, nameKey(name), domainId, JSON.stringify(attrs)],
  );
}

async function changeAttrs(tx: SqlExecutor, id: string, changes: AttrChanges) {
  await updateAttrs(tx, id, (attrs) => applyChanges(attrs, changes));
}

/** Read-modify-write with the same pure helpers as the aggregate, so both stay in step. */
async function updateAttrs(tx: SqlExecutor, id: string, change: (attrs: Attrs) => Attrs, extra?: { name?: string; domainId?: string }) {
  const { rows } = await tx.query<{ attrs: Attrs | string }>(`SELECT attrs FROM directory_entries WHERE id = $1`, [id]);
  if (!rows.length) return;
  const current = typeof rows[0].attrs === 'string' ? (JSON.parse(rows[0].attrs) as Attrs) : rows[0].attrs;
  const next = change(current);
  if (extra?.name) {
    await tx.query(`UPDATE directory_entries SET attrs = $2::jsonb, name = $3, name_key = $4, domain_id = $5 WHERE id = $1`, [
      id,
      JSON.stringify(next),
      extra.name,
      nameKey(extra.name),
      extra.domainId ?? null,
    ]);
  } else {
    await tx.query(`UPDATE directory_entries SET attrs = $2::jsonb WHERE id = $1`, [id, JSON.stringify(next)]);
  }
}

async function applyEvent(tx: SqlExecutor, event: DirectoryEvent): Promise<void> {
  switch (event.type) {
    case 'DomainCreated':
      return insertEntry(tx, 'domain', event.data.domainId, event.data.name, null, event.data.attrs);
    case 'CosCreated':
      return insertEntry(tx, 'cos', event.data.cosId, event.data.name, null, event.data.attrs);
    case 'AccountCreated':
      return insertEntry(tx, 'account', event.data.accountId, event.data.name, event.data.domainId, event.data.attrs);
    case 'DistributionListCreated':
      return insertEntry(tx, 'dl', event.data.dlId, event.data.name, event.data.domainId, event.data.attrs);
    case 'DomainModified':
      return changeAttrs(tx, event.data.domainId, event.data.changes);
    case 'CosModified':
      return changeAttrs(tx, event.data.cosId, event.data.changes);
    case 'AccountModified':
    case 'AccountPrefsModified':
      return changeAttrs(tx, event.data.accountId, event.data.changes);
    case 'DistributionListModified':
      return changeAttrs(tx, event.data.dlId, event.data.changes);
    case 'CosRenamed':
      return updateAttrs(tx, event.data.cosId, (a) => ({ ...a, cn: [event.data.newName] }), { name: event.data.newName });
    case 'AccountRenamed':
      return updateAttrs(tx, event.data.accountId, (a) => renameAddressAttrs(a, event.data.oldName, event.data.newName), {
        name: event.data.newName,
        domainId: event.data.domainId,
      });
    case 'DistributionListRenamed':
      return updateAttrs(tx, event.data.dlId, (a) => renameAddressAttrs(a, event.data.oldName, event.data.newName), {
        name: event.data.newName,
        domainId: event.data.domainId,
      });
    case 'DomainDeleted':
      await tx.query(`DELETE FROM directory_entries WHERE id = $1`, [event.data.domainId]);
      return;
    case 'CosDeleted':
      await tx.query(`DELETE FROM directory_entries WHERE id = $1`, [event.data.cosId]);
      return;
    case 'AccountDeleted':
      await tx.query(`DELETE FROM directory_entries WHERE id = $1`, [event.data.accountId]);
      await tx.query(`DELETE FROM directory_aliases WHERE target_id = $1`, [event.data.accountId]);
      // A deleted account leaves every list it was in, as in the aggregate.
      await tx.query(`UPDATE directory_entries SET members = members - $1::text WHERE type = 'dl' AND members ? $1::text`, [
        nameKey(event.data.name),
      ]);
      return;
    case 'DistributionListDeleted':
      await tx.query(`DELETE FROM directory_entries WHERE id = $1`, [event.data.dlId]);
      await tx.query(`DELETE FROM directory_aliases WHERE target_id = $1`, [event.data.dlId]);
      return;
    case 'AccountPasswordSet':
    case 'AuthTokenRevoked':
      return; // credentials stay in the aggregate
    case 'AccountAliasAdded':
    case 'DistributionListAliasAdded': {
      const targetId = event.type === 'AccountAliasAdded' ? event.data.accountId : event.data.dlId;
      const targetType = event.type === 'AccountAliasAdded' ? 'account' : 'distributionlist';
      await tx.query(`INSERT INTO directory_aliases (name_key, name, target_id, target_type) VALUES ($1, $2, $3, $4)`, [
        nameKey(event.data.alias),
        event.data.alias,
        targetId,
        targetType,
      ]);
      return updateAttrs(tx, targetId, (a) => aliasAddedAttrs(a, event.data.alias));
    }
    case 'AccountAliasRemoved':
    case 'DistributionListAliasRemoved': {
      const targetId = event.type === 'AccountAliasRemoved' ? event.data.accountId : event.data.dlId;
      await tx.query(`DELETE FROM directory_aliases WHERE name_key = $1`, [nameKey(event.data.alias)]);
      return updateAttrs(tx, targetId, (a) => aliasRemovedAttrs(a, event.data.alias));
    }
    case 'DistributionListMembersAdded':
      await tx.query(`UPDATE directory_entries SET members = members || $2::jsonb WHERE id = $1`, [
        event.data.dlId,
        JSON.stringify(event.data.members),
      ]);
      return;
    case 'DistributionListMembersRemoved':
      await tx.query(`UPDATE directory_entries SET members = members - $2::text[] WHERE id = $1`, [event.data.dlId, event.data.members]);
      return;
    case 'RightGranted': {
      const d = event.data;
      await tx.query(
        `INSERT INTO directory_grants (id, target_type, target_id, target_name, grantee_type, grantee_id, grantee_name, right_name, deny, can_delegate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [d.grantId, d.target.type, d.target.id, d.target.name, d.grantee.type, d.grantee.id, d.grantee.name, d.right, d.deny, d.canDelegate],
      );
      return;
    }
  }
}

export const directoryProjection: Projection = {
  name: 'directory',
  migrations: MIGRATIONS,
  tables: DIRECTORY_TABLES,
  async apply(tx: SqlExecutor, commits: Commit[]) {
    for (const commit of commits) {
      if (commit.stream !== DIRECTORY_STREAM) continue;
      for (const e of commit.events) await applyEvent(tx, { type: e.type, data: e.data } as DirectoryEvent);
    }
  },
};
