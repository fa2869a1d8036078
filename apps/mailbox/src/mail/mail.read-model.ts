import { Inject, Injectable } from '@nestjs/common';
import { ConversationInfo, DomainError, EmailAddress, ErrorCode, MailFolder, MailTag, MessageSummary, SystemFolder } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { READ_MODEL_DB } from '@gw/service-infra';
import { SYSTEM_FOLDERS } from './domain/mailbox-state';

interface MessageRow {
  id: number;
  folder_id: number;
  conv_id: number;
  flags: string;
  tag_ids: number[];
  date: string;
  sent_date: string | null;
  size: string;
  subject: string;
  fragment: string;
  from_addr: string;
  from_name: string;
  to_addrs: string;
  cc_addrs: string;
  message_id_hdr: string | null;
  blob: string;
  ms: string;
  rev: string;
}

export const MESSAGE_COLUMNS = `m.id, m.folder_id, m.conv_id, m.flags, m.tag_ids, m.date, m.sent_date, m.size, m.subject, m.fragment,
  m.from_addr, m.from_name, m.to_addrs, m.cc_addrs, m.message_id_hdr, m.blob, m.ms, m.rev`;

/** "Name <addr>, other@x" back into addresses. */
function parseList(text: string, type: EmailAddress['type']): EmailAddress[] {
  if (!text) return [];
  return text.split(/,\s*(?![^<]*>)/).map((part) => {
    const m = /^(.*?)\s*<([^>]+)>$/.exec(part.trim());
    return m ? { type, address: m[2], ...(m[1] ? { name: m[1] } : {}) } : { type, address: part.trim() };
  });
}

/** Queries over the mail read model of one account. */
@Injectable()
export class MailReadModel {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

  toSummary(r: MessageRow, tagNames: Map<number, string>): MessageSummary {
    const addresses: EmailAddress[] = [];
    if (r.from_addr) addresses.push({ type: 'f', address: r.from_addr, ...(r.from_name ? { name: r.from_name } : {}) });
    addresses.push(...parseList(r.to_addrs, 't'), ...parseList(r.cc_addrs, 'c'));
    return {
      id: r.id,
      folderId: r.folder_id,
      convId: r.conv_id,
      flags: r.flags,
      tagIds: r.tag_ids,
      tagNames: r.tag_ids.map((t) => tagNames.get(t) ?? String(t)),
      date: Number(r.date),
      ...(r.sent_date ? { sentDate: Number(r.sent_date) } : {}),
      size: Number(r.size),
      subject: r.subject,
      fragment: r.fragment,
      addresses,
      ...(r.message_id_hdr ? { messageIdHeader: r.message_id_hdr } : {}),
      ms: r.ms,
      rev: r.rev,
    };
  }

  async folders(accountId: string): Promise<MailFolder[]> {
    const { rows } = await this.db.query<{ id: number; name: string; parent_id: number; path: string; view: string; color: number | null; rgb: string | null; flags: string; ms: string; n: string; u: string; s: string }>(
      `SELECT id, name, parent_id, path, view, color, rgb, flags, ms, n, u, s FROM mail_folders WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    if (!rows.length) {
      // A mailbox nothing was written to yet: Zimbra's system folders, empty.
      return SYSTEM_FOLDERS.map((f) => ({ id: f.id, name: f.name, parentId: 1, path: f.id === 1 ? '/' : `/${f.name}`, view: f.view as MailFolder['view'], flags: '', unread: 0, count: 0, size: 0, ms: '0' }));
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      parentId: r.parent_id,
      path: r.path,
      view: r.view as MailFolder['view'],
      ...(r.color !== null ? { color: r.color } : {}),
      ...(r.rgb !== null ? { rgb: r.rgb } : {}),
      flags: r.flags,
      unread: Number(r.u),
      count: Number(r.n),
      size: Number(r.s),
      ms: r.ms,
    }));
  }

  async tags(accountId: string): Promise<MailTag[]> {
    const { rows } = await this.db.query<{ id: number; name: string; color: number | null; rgb: string | null; ms: string; n: string; u: string }>(
      `SELECT t.id, t.name, t.color, t.rgb, t.ms,
              (SELECT count(*) FROM mail_messages m WHERE m.account_id = $1 AND t.id = ANY(m.tag_ids)) AS n,
              (SELECT count(*) FROM mail_messages m WHERE m.account_id = $1 AND t.id = ANY(m.tag_ids) AND position('u' in m.flags) > 0) AS u
         FROM mail_tags t WHERE t.account_id = $1 ORDER BY t.id`,
      [accountId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, ...(r.color !== null ? { color: r.color } : {}), ...(r.rgb !== null ? { rgb: r.rgb } : {}), unread: Number(r.u), count: Number(r.n), ms: r.ms }));
  }

  /** Folder ids and paths only: what resolving in:/under: needs, without counting messages. */
  async folderRefs(accountId: string): Promise<{ id: number; path: string }[]> {
    const { rows } = await this.db.query<{ id: number; path: string }>(`SELECT id, path FROM mail_folders WHERE account_id = $1`, [accountId]);
    return rows.length ? rows : SYSTEM_FOLDERS.map((f) => ({ id: f.id, path: f.id === 1 ? '/' : `/${f.name}` }));
  }

  async tagRefs(accountId: string): Promise<{ id: number; name: string }[]> {
    const { rows } = await this.db.query<{ id: number; name: string }>(`SELECT id, name FROM mail_tags WHERE account_id = $1`, [accountId]);
    return rows;
  }

  async tagNames(accountId: string): Promise<Map<number, string>> {
    const { rows } = await this.db.query<{ id: number; name: string }>(`SELECT id, name FROM mail_tags WHERE account_id = $1`, [accountId]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async messages(accountId: string, ids: number[]): Promise<(MessageSummary & { blob: string })[]> {
    const { rows } = await this.db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM mail_messages m WHERE m.account_id = $1 AND m.id = ANY($2::integer[]) ORDER BY m.id`, [accountId, ids]);
    const names = await this.tagNames(accountId);
    return rows.map((r) => ({ ...this.toSummary(r, names), blob: r.blob }));
  }

  async requireMessage(accountId: string, id: number): Promise<MessageSummary & { blob: string }> {
    const [m] = await this.messages(accountId, [id]);
    if (!m) throw new DomainError(ErrorCode.NO_SUCH_MSG, `no such message: ${id}`, { id: String(id) });
    return m;
  }

  /** Runs a compiled search: `where` uses alias m and parameters after $1 (the account). */
  async findMessages(accountId: string, where: string, params: unknown[], orderBy: string, limit: number, offset: number): Promise<MessageSummary[]> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM mail_messages m WHERE m.account_id = $1 AND (${where}) ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      [accountId, ...params],
    );
    const names = await this.tagNames(accountId);
    return rows.map((r) => this.toSummary(r, names));
  }

  async conversation(accountId: string, convId: number, where = 'TRUE', params: unknown[] = []): Promise<ConversationInfo> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM mail_messages m WHERE m.account_id = $1 AND m.conv_id = $2 AND (${where}) ORDER BY m.date DESC, m.id DESC`,
      [accountId, Math.abs(convId), ...params],
    );
    if (!rows.length) throw new DomainError(ErrorCode.NO_SUCH_CONV, `no such conversation: ${convId}`, { id: String(convId) });
    const names = await this.tagNames(accountId);
    const messages = rows.map((r) => this.toSummary(r, names));
    return summarizeConversation(Math.abs(convId), messages);
  }

  /** Conversations by id, each as `conversation` gives it; ids without messages are left out. */
  async conversations(accountId: string, ids: readonly number[]): Promise<ConversationInfo[]> {
    if (!ids.length) return [];
    const { rows } = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM mail_messages m WHERE m.account_id = $1 AND m.conv_id = ANY($2::integer[]) ORDER BY m.conv_id, m.date DESC, m.id DESC`,
      [accountId, ids.map((id) => Math.abs(id))],
    );
    const names = await this.tagNames(accountId);
    const byConversation = new Map<number, MessageSummary[]>();
    for (const r of rows) {
      const list = byConversation.get(r.conv_id) ?? [];
      list.push(this.toSummary(r, names));
      byConversation.set(r.conv_id, list);
    }
    return [...byConversation].map(([id, messages]) => summarizeConversation(id, messages));
  }

  /** Where deleted messages were when they went (their tombstones). */
  async tombstones(accountId: string, ids: readonly number[]): Promise<Map<number, { folderId: number; convId: number; tagIds: number[] }>> {
    if (!ids.length) return new Map();
    const { rows } = await this.db.query<{ id: number; folder_id: number; conv_id: number; tag_ids: number[] }>(
      `SELECT id, folder_id, conv_id, tag_ids FROM mail_tombstones WHERE account_id = $1 AND id = ANY($2::integer[])`,
      [accountId, ids],
    );
    return new Map(rows.map((r) => [r.id, { folderId: r.folder_id, convId: r.conv_id, tagIds: r.tag_ids }]));
  }

  /** Folders whose message counts (n, u, s) changed after a revision. */
  async foldersWithCountsChangedAfter(accountId: string, revision: bigint): Promise<number[]> {
    const { rows } = await this.db.query<{ id: number }>(`SELECT id FROM mail_folders WHERE account_id = $1 AND counts_ms > $2`, [accountId, revision]);
    return rows.map((r) => r.id);
  }

  /** Messages whose last change is at or after a revision, with their conversations. */
  async messagesChangedFrom(accountId: string, revision: bigint): Promise<{ id: number; convId: number }[]> {
    const { rows } = await this.db.query<{ id: number; conv_id: number }>(`SELECT id, conv_id FROM mail_messages WHERE account_id = $1 AND ms >= $2`, [accountId, revision]);
    return rows.map((r) => ({ id: r.id, convId: r.conv_id }));
  }

  /** The mailbox revision the read model has applied (0 before its first commit). */
  async mailboxRevision(accountId: string): Promise<bigint> {
    const { rows } = await this.db.query<{ revision: string }>(`SELECT revision FROM mail_mailboxes WHERE account_id = $1`, [accountId]);
    return rows[0] ? BigInt(rows[0].revision) : 0n;
  }

  async mailboxSize(accountId: string): Promise<number> {
    const { rows } = await this.db.query<{ size: string }>(`SELECT size FROM mail_mailboxes WHERE account_id = $1`, [accountId]);
    return rows[0] ? Number(rows[0].size) : 0;
  }
}

/** A conversation as Zimbra shows it: the newest message's subject and fragment, union flags. */
export function summarizeConversation(id: number, messages: MessageSummary[]): ConversationInfo {
  const newest = messages[0];
  const participants = new Map<string, EmailAddress>();
  for (const m of messages) for (const a of m.addresses) if (a.type === 'f') participants.set(a.address.toLowerCase(), a);
  const flags = new Set<string>();
  for (const m of messages) for (const f of m.flags) flags.add(f);
  // A conversation is unread when any of its messages is.
  return {
    id,
    subject: messages[messages.length - 1].subject,
    fragment: newest.fragment,
    count: messages.length,
    unread: messages.filter((m) => m.flags.includes('u')).length,
    flags: [...flags].sort().join(''),
    tagIds: [...new Set(messages.flatMap((m) => m.tagIds))],
    date: newest.date,
    participants: [...participants.values()],
    messages,
  };
}

export const DEFAULT_EXCLUDED_FOLDERS = [SystemFolder.TRASH, SystemFolder.JUNK];
