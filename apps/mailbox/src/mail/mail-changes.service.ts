import { Inject, Injectable } from '@nestjs/common';
import { MailChanges, MailEvent, mailboxStream, MessageSummary } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { EVENT_STORE, ReadModelSet } from '@gw/service-infra';
import { MailReadModel } from './mail.read-model';
import { foldChanges, MessageFacts, messagesBeforeRange, RangeEvent, toMailChanges, withReadModelFindings } from './domain/change-set';

const noChanges = (revision: bigint): MailChanges => ({
  revision: revision.toString(),
  created: { folders: [], tags: [], messages: [], conversations: [] },
  modified: { folders: [], tags: [], messages: [], conversations: [] },
  deleted: [],
});

/**
 * GetChanges: what changed in a mailbox after a revision, for SOAP `<notify>` blocks. The
 * mailbox's own stream says what changed (folded by the pure domain/change-set.ts); the read
 * model supplies the current items and the few facts the events leave out.
 */
@Injectable()
export class MailChangesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: MailReadModel,
    private readonly readModels: ReadModelSet,
  ) {}

  async since(accountId: string, since: string | undefined): Promise<MailChanges> {
    const stream = mailboxStream(accountId);
    if (since === undefined) {
      // Only the revision, from the store (the read model may lag behind another instance's
      // write); reading past what the read model has seen keeps that read short.
      const { revision } = await this.store.readStream(stream, { after: await this.readModel.mailboxRevision(accountId) });
      return noChanges(revision ?? 0n);
    }
    const from = BigInt(since);
    const { events, revision } = await this.store.readStream(stream, { after: from });
    const reached = revision ?? 0n;
    if (!events.length) return noChanges(reached);
    // The current items must include at least everything the events did.
    await this.readModels.waitFor(reached);

    const range: RangeEvent[] = events.map((e) => ({ position: e.position, event: { type: e.type, data: e.data } as MailEvent }));
    const older = messagesBeforeRange(range);
    const added = range.flatMap(({ event }) => (event.type === 'MessageAdded' ? [event.data.messageId] : []));
    const loaded = new Map((await this.readModel.messages(accountId, [...added, ...older])).map((m) => [m.id, m]));
    const facts = new Map<number, MessageFacts>();
    for (const m of loaded.values()) facts.set(m.id, { folderId: m.folderId, convId: m.convId, tagIds: m.tagIds });
    const deleted = older.filter((id) => !loaded.has(id));
    for (const [id, f] of await this.readModel.tombstones(accountId, deleted)) facts.set(id, f);

    const folded = foldChanges(range, facts);
    const set = withReadModelFindings(folded, {
      countsChangedFolders: folded.unknownFolderCounts ? await this.readModel.foldersWithCountsChangedAfter(accountId, from) : [],
      untaggedMessages: folded.untaggedFrom !== undefined ? await this.readModel.messagesChangedFrom(accountId, folded.untaggedFrom) : [],
    });

    const wanted = [...set.created.messages, ...set.modified.messages.keys()];
    const missing = wanted.filter((id) => !loaded.has(id));
    for (const m of missing.length ? await this.readModel.messages(accountId, missing) : []) loaded.set(m.id, m);
    const messages: MessageSummary[] = wanted.flatMap((id) => {
      const m = loaded.get(id);
      if (!m) return [];
      const { blob: _blob, ...summary } = m;
      return [summary];
    });
    const anyOf = (kind: 'folders' | 'tags') => set.created[kind].size > 0 || set.modified[kind].size > 0;
    const [folders, tags, conversations, size] = await Promise.all([
      anyOf('folders') ? this.readModel.folders(accountId) : [],
      anyOf('tags') ? this.readModel.tags(accountId) : [],
      this.readModel.conversations(accountId, [...set.created.conversations, ...set.modified.conversations.keys()]),
      set.sizeChanged ? this.readModel.mailboxSize(accountId) : undefined,
    ]);
    return toMailChanges(set, { folders, tags, messages, conversations }, reached.toString(), size);
  }
}
