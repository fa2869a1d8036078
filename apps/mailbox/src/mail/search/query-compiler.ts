import { DomainError } from '@gw/contracts';
import { dateSpan } from './date-range';
import { FolderRef, resolveFolders } from './folder-scope';
import { DateTerm, QueryNode, TextField, TextTerm } from './query-ast';
import { containsPattern, TSQUERY_FUNCTION, tsQueryText } from './text-patterns';
import { Zone, zoneOf } from './time-zone';

/** What compiling needs to know about the mailbox and the request. */
export interface SearchContext {
  folders: readonly FolderRef[];
  tags: readonly { id: number; name: string }[];
  /** "today" and the relative dates count from here. */
  now: Date;
  /** The user's zone for whole-day comparisons: IANA name or fixed offset (+02:00); default UTC. */
  timeZone?: string;
  /** Parameters are numbered from $<paramOffset + 1>; the caller's own come first. */
  paramOffset: number;
}

export interface CompiledQuery {
  /** A boolean SQL expression over `mail_messages m`. */
  sql: string;
  params: unknown[];
}

/**
 * The query as a WHERE condition. User text only ever travels as a parameter; the SQL text
 * holds nothing but column names, operators and the flag letters of our own table.
 */
export function compileQuery(node: QueryNode, ctx: SearchContext): CompiledQuery {
  const compiler = new Compiler(ctx);
  return { sql: compiler.compile(node), params: compiler.params };
}

/** Columns an address operator searches; from: covers the display name as well as the address. */
const ADDRESS_COLUMNS: Record<Exclude<TextField, 'content' | 'subject'>, string[]> = {
  from: ['m.from_addr', 'm.from_name'],
  to: ['m.to_addrs'],
  cc: ['m.cc_addrs'],
  tocc: ['m.to_addrs', 'm.cc_addrs'],
  tofrom: ['m.from_addr', 'm.from_name', 'm.to_addrs'],
  fromcc: ['m.from_addr', 'm.from_name', 'm.cc_addrs'],
  tofromcc: ['m.from_addr', 'm.from_name', 'm.to_addrs', 'm.cc_addrs'],
};

class Compiler {
  readonly params: unknown[] = [];
  private zone?: Zone;

  constructor(private readonly ctx: SearchContext) {}

  compile(node: QueryNode): string {
    switch (node.kind) {
      case 'all':
      case 'anywhere': // every folder: the only effect is on the Trash/Junk exclusion
        return 'TRUE';
      case 'none':
        return 'FALSE';
      case 'and':
      case 'or':
        return `(${node.children.map((c) => this.compile(c)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `NOT (${this.compile(node.child)})`;
      case 'text':
        return this.text(node);
      case 'folder': {
        const ids = resolveFolders(node, this.ctx.folders);
        if (!ids) {
          // inid: with an unknown id finds nothing: Zimbra's QueryParser swallows that error.
          if ('id' in node) return 'FALSE';
          // in:/under: an unknown path is an error: Zimbra's InQuery throws NO_SUCH_FOLDER.
          throw new DomainError('mail.NO_SUCH_FOLDER', `no such folder path: ${node.path}`, { path: node.path });
        }
        return ids.length === 1 ? `m.folder_id = ${this.param(ids[0])}` : `m.folder_id = ANY(${this.param(ids)}::int[])`;
      }
      case 'flag':
        return `strpos(m.flags, '${node.flag}') ${node.set ? '>' : '='} 0`;
      case 'attachment':
        return 'm.has_attachment';
      case 'solo':
        return 'NOT EXISTS (SELECT 1 FROM mail_messages o WHERE o.account_id = m.account_id AND o.conv_id = m.conv_id AND o.id <> m.id)';
      case 'tag': {
        // An unknown tag matches nothing rather than failing: Zimbra's TagQuery turns it into a
        // pseudo tag no local item carries (bug 77646), so tag:x finds nothing, -tag:x all.
        const wanted = node.name.toLowerCase();
        const tag = this.ctx.tags.find((t) => t.name.toLowerCase() === wanted);
        return tag ? `${this.param(tag.id)} = ANY(m.tag_ids)` : 'FALSE';
      }
      case 'date':
        return this.date(node);
      case 'size':
        return `m.size ${{ gt: '>', lt: '<', eq: '=' }[node.relation]} ${this.param(node.bytes)}`;
      case 'item':
        return node.ids.length === 1 ? `m.id = ${this.param(node.ids[0])}` : `m.id = ANY(${this.param(node.ids)}::int[])`;
      case 'itemRange':
        return `m.id BETWEEN ${this.param(node.from)} AND ${this.param(node.to)}`;
    }
  }

  /**
   * content: (and bare words) is a full-text match on the indexed document; subject: the same
   * on the subject alone, so both match whole words as Zimbra's index does. The address
   * operators are case-insensitive substrings, so from:example.com and from:@example.com work.
   */
  private text(node: TextTerm): string {
    if (node.field === 'content' || node.field === 'subject') {
      const document = node.field === 'content' ? 'm.search' : `to_tsvector('simple', m.subject)`;
      return `${document} @@ ${TSQUERY_FUNCTION[node.match]}('simple', ${this.param(tsQueryText(node.text, node.match))})`;
    }
    const pattern = this.param(containsPattern(node.text));
    const columns = ADDRESS_COLUMNS[node.field];
    const tests = columns.map((c) => `${c} ILIKE ${pattern} ESCAPE '\\'`);
    return tests.length === 1 ? tests[0] : `(${tests.join(' OR ')})`;
  }

  /** before: is before the span starts, after: from the moment it ends, date: inside it. */
  private date(node: DateTerm): string {
    // The zone is read only here, so a zone we cannot read fails date searches, not all searches.
    this.zone ??= zoneOf(this.ctx.timeZone);
    const { start, end } = dateSpan(node.date, this.ctx.now, this.zone);
    switch (node.relation) {
      case 'before':
        return `m.date < ${this.param(start)}`;
      case 'after':
        return `m.date >= ${this.param(end)}`;
      case 'notAfter':
        return `m.date < ${this.param(end)}`;
      case 'notBefore':
        return `m.date >= ${this.param(start)}`;
      case 'within':
        return `(m.date >= ${this.param(start)} AND m.date < ${this.param(end)})`;
    }
  }

  private param(value: unknown): string {
    this.params.push(value);
    return `$${this.ctx.paramOffset + this.params.length}`;
  }
}
