import { EmailAddress, MAILBOX_STREAM_PREFIX, MailEvent, MessageMeta } from '@gw/contracts';
import { Commit } from '@gw/event-store';
import { Projection, SqlExecutor } from '@gw/read-model';
import { MAIL_MIGRATIONS, MAIL_TABLES } from './mail.schema';
import { addFlags, removeFlags, SYSTEM_FOLDERS } from './domain/mailbox-state';

const list = (addresses: EmailAddress[], type: string) =>
  addresses
    .filter((a) => a.type === type)
    .map((a) => (a.name ? `${a.name} <${a.address}>` : a.address))
    .join(', ');

function messageColumns(meta: MessageMeta) {
  const from = meta.addresses.find((a) => a.type === 'f');
  return {
    subject: meta.subject,
    sortSubject: meta.normalizedSubject,
    fragment: meta.fragment,
    fromAddr: from?.address ?? '',
    fromName: from?.name ?? '',
    sortSender: (from?.name || from?.address || '').toLowerCase(),
    to: list(meta.addresses, 't'),
    cc: list(meta.addresses, 'c'),
    body: meta.bodyText,
  };
}

const SEARCH_DOCUMENT = `to_tsvector('simple', coalesce($subject,'') || ' ' || coalesce($fromName,'') || ' ' || coalesce($fromAddr,'') || ' ' || coalesce($to,'') || ' ' || coalesce($cc,'') || ' ' || coalesce($body,''))`;

/** One message's weight in its folder's counts. */
interface Counted {
  folderId: number;
  unread: boolean;
  size: number;
}

/** Adds (sign 1) or removes (sign -1) messages from their folders' counts, one statement. */
async function countIn(tx: SqlExecutor, accountId: string, position: bigint, messages: Counted[], sign: 1 | -1) {
  const byFolder = new Map<number, { n: number; u: number; s: number }>();
  for (const m of messages) {
    const c = byFolder.get(m.folderId) ?? { n: 0, u: 0, s: 0 };
    c.n += sign;
    c.u += m.unread ? sign : 0;
    c.s += sign * m.size;
    byFolder.set(m.folderId, c);
  }
  if (!byFolder.size) return;
  const ids = [...byFolder.keys()];
  await tx.query(
    `UPDATE mail_folders f SET n = f.n + v.n, u = f.u + v.u, s = f.s + v.s, counts_ms = $6
       FROM unnest($2::integer[], $3::bigint[], $4::bigint[], $5::bigint[]) AS v(id, n, u, s)
      WHERE f.account_id = $1 AND f.id = v.id`,
    [accountId, ids, ids.map((i) => byFolder.get(i)!.n), ids.map((i) => byFolder.get(i)!.u), ids.map((i) => byFolder.get(i)!.s), position],
  );
}

async function insertMessage(tx: SqlExecutor, accountId: string, position: bigint, d: Extract<MailEvent, { type: 'MessageAdded' }>['data']) {
  const c = messageColumns(d.meta);
  const doc = SEARCH_DOCUMENT.replace('$subject', '$10').replace('$fromName', '$14').replace('$fromAddr', '$13').replace('$to', '$16').replace('$cc', '$17').replace('$body', '$21');
  await tx.query(
    `INSERT INTO mail_messages (account_id, id, folder_id, conv_id, flags, tag_ids, date, sent_date, size, subject, sort_subject, fragment,
       from_addr, from_name, sort_sender, to_addrs, cc_addrs, has_attachment, message_id_hdr, blob, body_text, ms, rev, search)
     VALUES ($1, $2, $3, $4, $5, $6::integer[], $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, ${doc})`,
    [
      accountId, d.messageId, d.folderId, d.convId, d.flags, d.tagIds, d.date, d.meta.sentDate ?? null, d.size,
      c.subject, c.sortSubject, c.fragment, c.fromAddr, c.fromName, c.sortSender, c.to, c.cc, d.meta.hasAttachment,
      d.meta.messageIdHeader ?? null, d.blob, c.body, position,
    ],
  );
  await countIn(tx, accountId, position, [{ folderId: d.folderId, unread: d.flags.includes('u'), size: d.size }], 1);
}

/**
 * Sets the columns an Updated event names, and the item's change, in one statement. An absent
 * field (undefined) leaves its column alone; null clears it.
 */
async function updateItem(
  tx: SqlExecutor,
  table: 'mail_folders' | 'mail_tags',
  accountId: string,
  id: number,
  position: bigint,
  fields: Partial<Record<'name' | 'color' | 'rgb' | 'flags', string | number | null>>,
) {
  const params: unknown[] = [accountId, id, position];
  const sets = ['ms = $3'];
  for (const [column, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  await tx.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE account_id = $1 AND id = $2`, params);
}

async function applyEvent(tx: SqlExecutor, accountId: string, position: bigint, event: MailEvent): Promise<void> {
  switch (event.type) {
    case 'MailboxCreated': {
      await tx.query(`INSERT INTO mail_mailboxes (account_id, size, revision) VALUES ($1, 0, $2) ON CONFLICT (account_id) DO NOTHING`, [accountId, position]);
      for (const f of SYSTEM_FOLDERS) {
        await tx.query(
          `INSERT INTO mail_folders (account_id, id, name, parent_id, path, view, flags, system, ms) VALUES ($1, $2, $3, 1, $4, $5, '', true, $6)`,
          [accountId, f.id, f.name, f.id === 1 ? '/' : `/${f.name}`, f.view, position],
        );
      }
      return;
    }
    case 'FolderCreated': {
      const d = event.data;
      await tx.query(
        `INSERT INTO mail_folders (account_id, id, name, parent_id, path, view, color, rgb, flags, system, ms)
         SELECT $1, $2, $3, $4, CASE WHEN p.path = '/' THEN '/' || $3 ELSE p.path || '/' || $3 END, $5, $6, $7, '', false, $8
           FROM mail_folders p WHERE p.account_id = $1 AND p.id = $4`,
        [accountId, d.folderId, d.name, d.parentId, d.view, d.color ?? null, d.rgb ?? null, position],
      );
      return;
    }
    case 'FolderMoved': {
      const d = event.data;
      const { rows } = await tx.query<{ old: string; parent: string }>(
        `SELECT f.path AS old, p.path AS parent FROM mail_folders f JOIN mail_folders p ON p.account_id = f.account_id AND p.id = $3
          WHERE f.account_id = $1 AND f.id = $2`,
        [accountId, d.folderId, d.parentId],
      );
      if (!rows[0]) return;
      const newPath = rows[0].parent === '/' ? `/${d.name}` : `${rows[0].parent}/${d.name}`;
      await tx.query(`UPDATE mail_folders SET name = $3, parent_id = $4, ms = $5 WHERE account_id = $1 AND id = $2`, [accountId, d.folderId, d.name, d.parentId, position]);
      // The folder and everything under it get their new path.
      await tx.query(
        `UPDATE mail_folders SET path = $3 || substr(path, length($2) + 1)
          WHERE account_id = $1 AND (path = $2 OR substr(path, 1, length($2) + 1) = $2 || '/')`,
        [accountId, rows[0].old, newPath],
      );
      return;
    }
    case 'FolderUpdated': {
      const d = event.data;
      return updateItem(tx, 'mail_folders', accountId, d.folderId, position, { color: d.color, rgb: d.rgb, flags: d.flags });
    }
    case 'FoldersDeleted':
      await deleteMessages(tx, accountId, position, event.data.messageIds);
      await tx.query(`DELETE FROM mail_folders WHERE account_id = $1 AND id = ANY($2::integer[])`, [accountId, event.data.folderIds]);
      return;
    case 'TagCreated':
      await tx.query(`INSERT INTO mail_tags (account_id, id, name, color, rgb, ms) VALUES ($1, $2, $3, $4, $5, $6)`, [
        accountId, event.data.tagId, event.data.name, event.data.color ?? null, event.data.rgb ?? null, position,
      ]);
      return;
    case 'TagUpdated': {
      const d = event.data;
      return updateItem(tx, 'mail_tags', accountId, d.tagId, position, { name: d.name, color: d.color, rgb: d.rgb });
    }
    case 'TagDeleted':
      await tx.query(`DELETE FROM mail_tags WHERE account_id = $1 AND id = $2`, [accountId, event.data.tagId]);
      await tx.query(`UPDATE mail_messages SET tag_ids = array_remove(tag_ids, $2), ms = $3 WHERE account_id = $1 AND $2 = ANY(tag_ids)`, [
        accountId, event.data.tagId, position,
      ]);
      return;
    case 'MessageAdded':
      await insertMessage(tx, accountId, position, event.data);
      await tx.query(`UPDATE mail_mailboxes SET size = size + $2 WHERE account_id = $1`, [accountId, event.data.size]);
      return;
    case 'MessagesUpdated': {
      const d = event.data;
      const { rows } = await tx.query<{ id: number; flags: string; tag_ids: number[]; folder_id: number; size: string }>(
        `SELECT id, flags, tag_ids, folder_id, size FROM mail_messages WHERE account_id = $1 AND id = ANY($2::integer[])`,
        [accountId, d.messageIds],
      );
      if (!rows.length) return;
      // The same pure helpers as the aggregate, then one multi-row UPDATE.
      const flags = rows.map((r) => removeFlags(addFlags(r.flags, d.addFlags), d.removeFlags));
      const tags = rows.map((r) => {
        const next = [...new Set([...r.tag_ids, ...(d.addTagIds ?? [])])].filter((t) => !(d.removeTagIds ?? []).includes(t));
        return `{${next.sort((a, b) => a - b).join(',')}}`;
      });
      await tx.query(
        `UPDATE mail_messages m SET flags = v.flags, tag_ids = v.tags::integer[], folder_id = coalesce($5, m.folder_id), ms = $6
           FROM unnest($2::integer[], $3::text[], $4::text[]) AS v(id, flags, tags)
          WHERE m.account_id = $1 AND m.id = v.id`,
        [accountId, rows.map((r) => r.id), flags, tags, d.folderId ?? null, position],
      );
      // Only messages that change folder or unread state move counts, so counts_ms tells only real count changes.
      const before: Counted[] = [];
      const after: Counted[] = [];
      rows.forEach((r, i) => {
        const folderId = d.folderId ?? r.folder_id;
        if (folderId === r.folder_id && r.flags.includes('u') === flags[i].includes('u')) return;
        before.push({ folderId: r.folder_id, unread: r.flags.includes('u'), size: Number(r.size) });
        after.push({ folderId, unread: flags[i].includes('u'), size: Number(r.size) });
      });
      await countIn(tx, accountId, position, before, -1);
      await countIn(tx, accountId, position, after, 1);
      return;
    }
    case 'MessagesDeleted':
      await deleteMessages(tx, accountId, position, event.data.messageIds);
      return;
    case 'DraftReplaced': {
      const d = event.data;
      const { rows } = await tx.query<{ size: string }>(`SELECT size FROM mail_messages WHERE account_id = $1 AND id = $2`, [accountId, d.messageId]);
      if (!rows[0]) return;
      const old = await tx.query(`SELECT folder_id, conv_id, flags, tag_ids FROM mail_messages WHERE account_id = $1 AND id = $2`, [accountId, d.messageId]);
      const r = old.rows[0] as { folder_id: number; conv_id: number; flags: string; tag_ids: number[] };
      await tx.query(`DELETE FROM mail_messages WHERE account_id = $1 AND id = $2`, [accountId, d.messageId]);
      await countIn(tx, accountId, position, [{ folderId: r.folder_id, unread: r.flags.includes('u'), size: Number(rows[0].size) }], -1);
      await insertMessage(tx, accountId, position, { messageId: d.messageId, folderId: r.folder_id, convId: r.conv_id, flags: r.flags, tagIds: r.tag_ids, date: d.date, size: d.size, blob: d.blob, meta: d.meta });
      await tx.query(`UPDATE mail_mailboxes SET size = size + $2 WHERE account_id = $1`, [accountId, d.size - Number(rows[0].size)]);
      return;
    }
  }
}

/** Deletes messages, leaving a tombstone of each (where it was, for change notifications). */
async function deleteMessages(tx: SqlExecutor, accountId: string, position: bigint, ids: number[]) {
  if (!ids.length) return;
  const { rows } = await tx.query<{ total: string | null; folder_id: number; flags: string }>(
    `WITH gone AS (DELETE FROM mail_messages WHERE account_id = $1 AND id = ANY($2::integer[]) RETURNING id, size, folder_id, conv_id, tag_ids, flags),
          buried AS (INSERT INTO mail_tombstones (account_id, id, folder_id, conv_id, tag_ids, ms) SELECT $1, id, folder_id, conv_id, tag_ids, $3 FROM gone)
     SELECT size AS total, folder_id, flags FROM gone`,
    [accountId, ids, position],
  );
  await countIn(tx, accountId, position, rows.map((r) => ({ folderId: r.folder_id, unread: r.flags.includes('u'), size: Number(r.total ?? 0) })), -1);
  const freed = rows.reduce((sum, r) => sum + Number(r.total ?? 0), 0);
  if (freed) await tx.query(`UPDATE mail_mailboxes SET size = size - $2 WHERE account_id = $1`, [accountId, freed]);
}

/**
 * Planner statistics: the search plans (stop early on a date index, or use the text index)
 * depend on them, and neither PGlite nor a PostgreSQL with autovacuum off keeps them fresh.
 * The projection analyzes the messages table itself as it grows by a fifth, so a bulk load
 * costs only a handful of ANALYZE runs.
 */
class StatisticsKeeper {
  private added = 0;
  private known = 0;

  note(messagesAdded: number) {
    this.added += messagesAdded;
  }

  async refreshIfDue(tx: SqlExecutor): Promise<void> {
    if (this.added < Math.max(500, this.known / 5)) return;
    await tx.query('ANALYZE mail_messages');
    const { rows } = await tx.query<{ n: string }>('SELECT count(*) AS n FROM mail_messages');
    this.known = Number(rows[0].n);
    this.added = 0;
  }
}
const statistics = new StatisticsKeeper();

export const mailProjection: Projection = {
  name: 'mail',
  migrations: MAIL_MIGRATIONS,
  tables: MAIL_TABLES,
  async apply(tx: SqlExecutor, commits: Commit[]) {
    for (const commit of commits) {
      if (!commit.stream.startsWith(MAILBOX_STREAM_PREFIX)) continue;
      const accountId = commit.stream.slice(MAILBOX_STREAM_PREFIX.length);
      for (const e of commit.events) await applyEvent(tx, accountId, commit.position, { type: e.type, data: e.data } as MailEvent);
      statistics.note(commit.events.filter((e) => e.type === 'MessageAdded').length);
      await tx.query(`UPDATE mail_mailboxes SET revision = $2 WHERE account_id = $1`, [accountId, commit.position]);
    }
    await statistics.refreshIfDue(tx);
  },
};
