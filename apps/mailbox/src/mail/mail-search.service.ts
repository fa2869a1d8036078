import { Injectable } from '@nestjs/common';
import { ConversationInfo, DomainError, ErrorCode, MailQuery, SearchResult } from '@gw/contracts';
import { Database } from '@gw/read-model';
import { Inject } from '@nestjs/common';
import { READ_MODEL_DB } from '../infrastructure/tokens';
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
    const { where, params } = await this.condition(accountId, q.query);
    if (q.types === 'message') {
      const found = await this.readModel.findMessages(accountId, where, params, sortClause(q.sortBy).replace(/^ORDER BY\s+/i, ''), q.limit + 1, q.offset);
      return { messages: found.slice(0, q.limit), more: found.length > q.limit, offset: q.offset };
    }
    const order = CONVERSATION_ORDER[q.sortBy.trim().toLowerCase() || 'datedesc'];
    if (!order) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: unknown sortBy: ${q.sortBy}`);
    const { rows } = await this.db.query<{ conv_id: number }>(
      `SELECT m.conv_id FROM mail_messages m WHERE m.account_id = $1 AND (${where}) GROUP BY m.conv_id ORDER BY ${order} LIMIT ${q.limit + 1} OFFSET ${q.offset}`,
      [accountId, ...params],
    );
    const page = rows.slice(0, q.limit).map((r) => r.conv_id);
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
}
