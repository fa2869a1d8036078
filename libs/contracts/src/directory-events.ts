import { Attrs } from './directory';

/**
 * Facts about the directory. All of them live in one stream, `directory`, because its
 * invariants span entries: an address is unique across accounts, aliases and lists, and a
 * domain cannot go while it still holds any of them.
 */
export const DIRECTORY_STREAM = 'directory';

/** Attribute changes: a value list replaces the attribute, `null` removes it. */
export type AttrChanges = Record<string, string[] | null>;

export type DirectoryEvent =
  | { type: 'DomainCreated'; data: { domainId: string; name: string; attrs: Attrs } }
  | { type: 'DomainModified'; data: { domainId: string; changes: AttrChanges } }
  | { type: 'DomainDeleted'; data: { domainId: string; name: string } }
  | { type: 'CosCreated'; data: { cosId: string; name: string; attrs: Attrs } }
  | { type: 'CosModified'; data: { cosId: string; changes: AttrChanges } }
  | { type: 'CosRenamed'; data: { cosId: string; oldName: string; newName: string } }
  | { type: 'CosDeleted'; data: { cosId: string; name: string } }
  | {
      type: 'AccountCreated';
      data: { accountId: string; name: string; domainId: string; passwordHash: string | null; attrs: Attrs };
    }
  | { type: 'AccountModified'; data: { accountId: string; changes: AttrChanges } }
  | { type: 'AccountPrefsModified'; data: { accountId: string; changes: AttrChanges } }
  | { type: 'AccountRenamed'; data: { accountId: string; oldName: string; newName: string; domainId: string } }
  | { type: 'AccountDeleted'; data: { accountId: string; name: string } }
  | { type: 'AccountPasswordSet'; data: { accountId: string; passwordHash: string; by: 'admin' | 'self' } }
  | { type: 'AccountAliasAdded'; data: { accountId: string; alias: string } }
  | { type: 'AccountAliasRemoved'; data: { accountId: string; alias: string } }
  | { type: 'AuthTokenRevoked'; data: { accountId: string; tokenId: string; expiresAt: number } }
  | { type: 'DistributionListCreated'; data: { dlId: string; name: string; domainId: string; attrs: Attrs } }
  | { type: 'DistributionListModified'; data: { dlId: string; changes: AttrChanges } }
  | { type: 'DistributionListRenamed'; data: { dlId: string; oldName: string; newName: string; domainId: string } }
  | { type: 'DistributionListDeleted'; data: { dlId: string; name: string } }
  | { type: 'DistributionListMembersAdded'; data: { dlId: string; members: string[] } }
  | { type: 'DistributionListMembersRemoved'; data: { dlId: string; members: string[] } }
  | { type: 'DistributionListAliasAdded'; data: { dlId: string; alias: string } }
  | { type: 'DistributionListAliasRemoved'; data: { dlId: string; alias: string } }
  | {
      type: 'RightGranted';
      data: {
        grantId: string;
        target: { type: string; id: string | null; name: string | null };
        grantee: { type: string; id: string | null; name: string | null };
        right: string;
        deny: boolean;
        canDelegate: boolean;
      };
    };

export type DirectoryEventType = DirectoryEvent['type'];
export const DIRECTORY_EVENT_SCHEMA_VERSION = 1;

/** The entry ids an event is about, so the audit tool can follow one account's history. */
export function directoryEventSubjects(event: DirectoryEvent): string[] {
  const d = event.data as Record<string, unknown>;
  const ids: string[] = [];
  for (const key of ['accountId', 'domainId', 'cosId', 'dlId']) if (typeof d[key] === 'string') ids.push(d[key] as string);
  if (event.type === 'RightGranted') {
    for (const side of [event.data.target, event.data.grantee]) if (side.id) ids.push(side.id);
  }
  return ids;
}
