import { Injectable } from '@nestjs/common';
import { ConversationInfo, DomainError, ErrorCode, MailQuery, SearchResult } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { Inject } from '@nestjs/common';
import { READ_MODEL_DB } from '@gw/service-infra';
import { DirectoryAggregate } from '../directory/directory.aggregate';
import { effectiveCos } from '../directory/domain/directory-state';
import { MailReadModel, summarizeConversation } from './mail.read-model';
import { compileQuery, defaultExcludedFolderIds, parseQuery, sortClause } from './search';

/** How conversations sort: by their newest message, their subject, sender or total size. */
/** Keyed by the lower-cased sortBy: Zimbra's sort names are case-insensitive. */
const CONVERSATION_ORDER: Record<string, string> = {
  datedesc: 'max(m.date) DESC, m.conv_id DESC',
  dateasc: 'max(m.date) ASC, m.conv_id ASC',
  subjasc: 'min(m.sort_subject) ASC, m.conv_id ASC',
  subjdesc: 'min(m.sort_subject) DESC, m.conv_id DESC',
  nameasc: 'min(m.sort_sender) ASC, m.conv_id ASC',
  namedesc: 'min(m.sort_sender) DESC, m.conv_id DESC',
  sizeasc: 'sum(m.size) ASC, m.conv_id ASC',
  sizedesc: 'sum(m.size) DESC, m.conv_id DESC',
  none: 'm.conv_id ASC',
};

/** SearchRequest: the Zimbra query language compiled to SQL over the mail read model. */
@Injectable()
export class MailSearch {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: Database,
    private readonly readModel: MailReadModel,
    private readonly directory: DirectoryAggregate,
  ) {}

  private timeZoneOf(accountId: string): string | undefined {
    const account = this.directory.current.accounts.get(accountId);
    if (!account) return undefined;
    return account.attrs.zimbraPrefTimeZoneId?.[0] ?? effectiveCos(this.directory.current, account)?.attrs.zimbraPrefTimeZoneId?.[0];
  }

  /** The WHERE condition (after `m.account_id = $1`) and its parameters. */
  private async condition(accountId: string, query: string): Promise<{ where: string; params: unknown[] }> {
    const [folders, tags] = await Promise.all([this.readModel.folderRefs(accountId), this.readModel.tagRefs(accountId)]);
    const node = parseQuery(query);
    const compiled = compileQuery(node, { folders, tags, now: new Date(), timeZone: this.timeZoneOf(accountId), paramOffset: 1 });
    const excluded = defaultExcludedFolderIds(node, folders);
    if (!excluded.length) return { where: compiled.sql, params: compiled.params };
    // Zimbra leaves Trash and Junk out of searches that do not name them.
    const params = [...compiled.params, excluded];
    return { where: `(${compiled.sql}) AND m.folder_id <> ALL($${params.length + 1}::integer[])`, params };
  }

  async search(accountId: string, q: MailQuery<'Search'>): Promise<SearchResult> {
    const condition = await this.condition(accountId, q.query);
    let { where } = condition;
    const { params } = condition;
    if (q.conversationId !== undefined) {
      // SearchConv: the messages of one conversation that match.
      params.push(Math.abs(q.conversationId));
      where = `(${where}) AND m.conv_id = $${params.length + 1}`;
    }
    if (q.types === 'message') {
      const found = await this.readModel.findMessages(accountId, where, params, sortClause(q.sortBy).replace(/^ORDER BY\s+/i, ''), q.limit + 1, q.offset);
      return { messages: found.slice(0, q.limit), more: found.length > q.limit, offset: q.offset };
    }
    const sort = q.sortBy.trim().toLowerCase() || 'datedesc';
    const order = CONVERSATION_ORDER[sort];
    if (!order) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: unknown sortBy: ${q.sortBy}`);
    const wanted = q.offset + q.limit + 1;
    const convIds =
      sort === 'datedesc' || sort === 'dateasc'
        ? await this.conversationsByDate(accountId, where, params, sort === 'datedesc', wanted)
        : (
            await this.db.query<{ conv_id: number }>(
              `SELECT m.conv_id FROM mail_messages m WHERE m.account_id = $1 AND (${where}) GROUP BY m.conv_id ORDER BY ${order} LIMIT ${wanted}`,
              [accountId, ...params],
            )
          ).rows.map((r) => r.conv_id);
    const rows = convIds.slice(q.offset);
    const page = rows.slice(0, q.limit);
    const conversations: ConversationInfo[] = [];
    if (page.length) {
      // Every matching message of the page's conversations, in one query.
      const convParam = params.length + 2;
      const messages = await this.readModel.findMessages(accountId, `(${where}) AND m.conv_id = ANY($${convParam}::integer[])`, [...params, page], 'm.date DESC, m.id DESC', 100_000, 0);
      for (const convId of page) {
        const inConv = messages.filter((m) => m.convId === convId);
        if (inConv.length) conversations.push(summarizeConversation(convId, inConv));
      }
    }
    return { conversations, more: rows.length > q.limit, offset: q.offset };
  }

  /**
   * Conversations in the order of their newest (or oldest) matching message: walk the matching
   * messages in date order, a keyset page at a time on the date index, and keep each
   * conversation the first time it shows up. A first page stops early instead of grouping
   * every match of a large mailbox.
   */
  private async conversationsByDate(accountId: string, where: string, params: unknown[], newestFirst: boolean, wanted: number): Promise<number[]> {
    const seen = new Set<number>();
    const dir = newestFirst ? 'DESC' : 'ASC';
    const cmp = newestFirst ? '<' : '>';
    let after: { date: string; id: number } | undefined;
    const pageSize = Math.max(200, wanted * 4);
    for (;;) {
      const keyset = after ? ` AND (m.date, m.id) ${cmp} ($${params.length + 2}::bigint, $${params.length + 3}::integer)` : '';
      const { rows } = await this.db.query<{ id: number; conv_id: number; date: string }>(
        `SELECT m.id, m.conv_id, m.date FROM mail_messages m WHERE m.account_id = $1 AND (${where})${keyset}
          ORDER BY m.date ${dir}, m.id ${dir} LIMIT ${pageSize}`,
        after ? [accountId, ...params, after.date, after.id] : [accountId, ...params],
      );
      for (const r of rows) {
        seen.add(r.conv_id);
        if (seen.size >= wanted) return [...seen];
      }
      if (rows.length < pageSize) return [...seen];
      const last = rows[rows.length - 1];
      after = { date: last.date, id: last.id };
    }
  }
}
