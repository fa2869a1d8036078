/**
 * The parsed form of a Zimbra search query. Values are already validated (dates, sizes, is:
 * names), so a tree that exists can always be compiled; what still depends on the mailbox
 * (folder paths, tag names, "today") is resolved by the compiler.
 */
export type QueryNode =
  | { kind: 'all' } // the empty query, item:all, is:local
  | { kind: 'none' } // item:none, is:remote
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | TextTerm
  | FolderTerm
  | { kind: 'anywhere' } // is:anywhere: every folder, Trash and Junk included
  | FlagTerm
  | { kind: 'attachment' } // has:attachment
  | { kind: 'solo' } // is:solo: the only message of its conversation
  | { kind: 'tag'; name: string }
  | DateTerm
  | SizeTerm
  | ItemTerm;

/** Header/body operators; tofrom, fromcc and tofromcc are Zimbra's unions of the single ones. */
export type TextField = 'content' | 'subject' | 'from' | 'to' | 'cc' | 'tocc' | 'tofrom' | 'fromcc' | 'tofromcc';

/**
 * How the text was written: bare words, a "quoted phrase", or a word ending in `*` (a prefix;
 * `text` then holds the word without the star).
 */
export type TextMatch = 'words' | 'phrase' | 'prefix';

export interface TextTerm {
  kind: 'text';
  field: TextField;
  text: string;
  match: TextMatch;
}

/** in:/under: by path, inid:/underid: by id; `subfolders` is what under: adds. */
export type FolderTerm =
  | { kind: 'folder'; path: string; subfolders: boolean }
  | { kind: 'folder'; id: number; subfolders: boolean };

/** Zimbra's flag letters as stored in mail_messages.flags. */
export type FlagLetter = 'u' | 'f' | 'r' | 'w' | 'd' | 'a' | 'x' | 's' | 'n';

/** is:unread is { flag: 'u', set: true }, is:read is { flag: 'u', set: false }. */
export interface FlagTerm {
  kind: 'flag';
  flag: FlagLetter;
  set: boolean;
}

/**
 * A date as written: a calendar day (mm/dd/yyyy), a span relative to now (-2weeks), or an
 * instant in ms since the epoch (Zimbra reads an all-digit date that way).
 */
export type DateSpec =
  | { kind: 'day'; year: number; month: number; day: number; twoDigitYear: boolean }
  | { kind: 'relative'; amount: number; unit: DateUnit }
  | { kind: 'instant'; ms: number };

export type DateUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/**
 * Where the message date must fall relative to the span the date names (a whole day for
 * mm/dd/yyyy): before: and date:< are `before`, after: and date:> are `after`, date:X is `within`,
 * date:<=X `notAfter`, date:>=X `notBefore`.
 */
export type DateRelation = 'before' | 'after' | 'within' | 'notAfter' | 'notBefore';

export interface DateTerm {
  kind: 'date';
  relation: DateRelation;
  date: DateSpec;
}

/** larger: is `gt`, smaller: is `lt`, size: is `eq` unless it starts with < or >. */
export interface SizeTerm {
  kind: 'size';
  relation: 'gt' | 'lt' | 'eq';
  bytes: number;
}

/** item:1,2,3 / item:{1,2,3} is a list; item:10--20 an inclusive range (Zimbra's ItemQuery). */
export type ItemTerm = { kind: 'item'; ids: number[] } | { kind: 'itemRange'; from: number; to: number };
