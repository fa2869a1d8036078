import { ChangeKind, DIRECTORY_STREAM, IM_STREAM_PREFIX, InterestType, MAILBOX_STREAM_PREFIX } from '@gw/contracts';
import type { Commit } from '@gw/event-store';

/** The summary of one commit for listeners: whose mailbox (or IM stream), what kinds, at which position. */
export interface AccountChange {
  accountId: string;
  position: bigint;
  kinds: ChangeKind[];
  /** The account itself was created or deleted (directory events). */
  lifecycle?: 'created' | 'deleted';
}

/** Event types of a mailbox stream by the kind of item they touch; unknown types count as `f`. */
const KIND_OF_EVENT: Record<string, ChangeKind> = {
  MessageAdded: 'm',
  MessagesUpdated: 'm',
  MessagesDeleted: 'm',
  DraftReplaced: 'm',
  ContactCreated: 'c',
  ContactModified: 'c',
  ContactsDeleted: 'c',
  AppointmentCreated: 'a',
  AppointmentModified: 'a',
  AppointmentsDeleted: 'a',
};

/**
 * The row of account_changes that holds an account's mailbox revision (its last mailbox change
 * of any kind): `<change token>` and the mail half of a session's revision.
 */
export const MAILBOX_REVISION = '*';

/** The kinds a change is recorded under: its own, and the mailbox revision unless it is IM. */
export function recordedKinds(change: AccountChange): string[] {
  return change.kinds.includes('i') ? change.kinds : [...change.kinds, MAILBOX_REVISION];
}

/** Folds one commit into the account changes it means. Pure: the projection and the signals share it. */
export function accountChangesOf(commit: Commit): AccountChange[] {
  // An account's IM stream (roster, presence, chats): one kind of its own, which sessions follow
  // and WaitSets (c/m/a) never see; it does not move the mailbox revision.
  if (commit.stream.startsWith(IM_STREAM_PREFIX)) {
    return [{ accountId: commit.stream.slice(IM_STREAM_PREFIX.length), position: commit.position, kinds: ['i'] }];
  }
  if (commit.stream.startsWith(MAILBOX_STREAM_PREFIX)) {
    const accountId = commit.stream.slice(MAILBOX_STREAM_PREFIX.length);
    const kinds = new Set<ChangeKind>();
    for (const event of commit.events) {
      kinds.add(KIND_OF_EVENT[event.type] ?? 'f');
      // Deleting a folder deletes the mail in it.
      if (event.type === 'FoldersDeleted' && ((event.data as { messageIds?: number[] }).messageIds?.length ?? 0) > 0) kinds.add('m');
    }
    return [{ accountId, position: commit.position, kinds: [...kinds].sort() }];
  }
  if (commit.stream === DIRECTORY_STREAM) {
    const changes: AccountChange[] = [];
    for (const event of commit.events) {
      const accountId = (event.data as { accountId?: string }).accountId;
      if (!accountId) continue;
      if (event.type === 'AccountCreated') changes.push({ accountId, position: commit.position, kinds: [], lifecycle: 'created' });
      if (event.type === 'AccountDeleted') changes.push({ accountId, position: commit.position, kinds: [], lifecycle: 'deleted' });
    }
    return changes;
  }
  return [];
}

/** `all` → c,m,a; otherwise letters, commas allowed (`c,m` or `cm`). Returns null for anything else. */
export function parseInterestTypes(raw: string | undefined): InterestType[] | null {
  const text = (raw ?? '').trim().toLowerCase();
  if (!text) return null;
  if (text.split(',').some((t) => t.trim() === 'all')) return ['a', 'c', 'm'];
  const types = new Set<InterestType>();
  for (const ch of text.replace(/[\s,]/g, '')) {
    if (ch !== 'c' && ch !== 'm' && ch !== 'a') return null;
    types.add(ch);
  }
  return types.size ? [...types].sort() : null;
}

/** Renders types back the way Zimbra reports defTypes: `all` when all three, else `c,m`. */
export function formatInterestTypes(types: readonly InterestType[]): string {
  const set = new Set(types);
  if (set.has('a') && set.has('c') && set.has('m')) return 'all';
  return [...set].sort().join(',');
}
