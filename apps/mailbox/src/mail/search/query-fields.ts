import { FlagLetter, QueryNode, TextField, TextMatch } from './query-ast';
import { parseDateValue } from './query-dates';
import { parseSizeValue } from './query-sizes';
import { queryParseError } from './parse-error';

/** A field's value as written: the text, whether it was "quoted", and where it started. */
export interface FieldValue {
  text: string;
  quoted: boolean;
  column: number;
}

const TEXT_FIELDS: readonly TextField[] = ['content', 'subject', 'from', 'to', 'cc', 'tocc', 'tofrom', 'fromcc', 'tofromcc'];
const DATE_FIELDS = ['before', 'after', 'date'] as const;
const SIZE_FIELDS: Record<string, 'larger' | 'smaller' | 'size'> = { larger: 'larger', bigger: 'larger', smaller: 'smaller', size: 'size' };
const FOLDER_FIELDS = ['in', 'under', 'inid', 'underid'];
const OTHER_FIELDS = ['is', 'has', 'tag', 'item'];

/**
 * Zimbra operators (query.txt) this read model has no data for: attachment names and types,
 * envelope headers, calendar and contact fields, modification sequences, saved searches. They
 * are refused by name rather than reported as unknown, so the user learns why.
 */
const UNSUPPORTED_FIELDS = new Set([
  'filename', 'type', 'attachment', 'priority', 'msgid', 'envto', 'envfrom', 'contact', 'message', 'my', 'modseq',
  'conv', 'conv-count', 'conv-minm', 'conv-maxm', 'conv-start', 'conv-end', 'appt-start', 'appt-end',
  'author', 'title', 'keywords', 'company', 'metadata', 'mdate', 'day', 'week', 'month', 'year', 'sort', 'sortby', 'field',
]);

export type FieldKnowledge = 'supported' | 'unsupported' | 'unknown';

export function knowField(name: string): FieldKnowledge {
  if (
    (TEXT_FIELDS as readonly string[]).includes(name) ||
    (DATE_FIELDS as readonly string[]).includes(name) ||
    name in SIZE_FIELDS ||
    FOLDER_FIELDS.includes(name) ||
    OTHER_FIELDS.includes(name)
  ) {
    return 'supported';
  }
  return UNSUPPORTED_FIELDS.has(name) ? 'unsupported' : 'unknown';
}

/** Date values may start with - or + (before:-1day); anywhere else those are negation and "required". */
export const isDateField = (name: string) => (DATE_FIELDS as readonly string[]).includes(name);

/** The node for `field:value`; `field` is a supported field name in lower case. */
export function fieldTerm(field: string, value: FieldValue): QueryNode {
  if (value.text === '') throw queryParseError(`missing value after "${field}:"`, value.column, '""', 'MISSING_TEXT_AFTER_FIELD');
  if ((TEXT_FIELDS as readonly string[]).includes(field)) return textTerm(field as TextField, value);
  if (isDateField(field)) {
    const parsed = parseDateValue(field as (typeof DATE_FIELDS)[number], value.text);
    if (!parsed) throw queryParseError(`invalid date ${JSON.stringify(value.text)}`, value.column, value.text, 'INVALID_DATE');
    return { kind: 'date', ...parsed };
  }
  if (field in SIZE_FIELDS) {
    const parsed = parseSizeValue(SIZE_FIELDS[field], value.text);
    if (!parsed) throw queryParseError(`invalid size ${JSON.stringify(value.text)}`, value.column, value.text, 'INVALID_SIZE');
    return { kind: 'size', ...parsed };
  }
  switch (field) {
    case 'in':
    case 'under':
      return { kind: 'folder', path: value.text, subfolders: field === 'under' };
    case 'inid':
    case 'underid':
      return { kind: 'folder', id: itemId(value.text, value), subfolders: field === 'underid' };
    case 'is':
      return isTerm(value);
    case 'has':
      if (/^attachments?$/i.test(value.text)) return { kind: 'attachment' };
      throw queryParseError(`has:${value.text} is not supported, only has:attachment`, value.column, value.text);
    case 'tag':
      return tagTerm(value.text);
    case 'item':
      return itemTerm(value);
  }
  throw new Error(`field ${field} has no reader`); // knowField and this switch disagree: a bug
}

/**
 * content: and subject: are word searches, so `*` may only end a word (a prefix search);
 * Zimbra's other placement, *foo alone, has no equivalent in a tsvector and is refused. The
 * address fields are substring searches, where * is simply a wildcard anywhere.
 */
function textTerm(field: TextField, value: FieldValue): QueryNode {
  let match: TextMatch = value.quoted ? 'phrase' : 'words';
  let text = value.text;
  if (!value.quoted && (field === 'content' || field === 'subject') && text.includes('*')) {
    const stem = text.slice(0, -1);
    if (!text.endsWith('*') || stem === '' || stem.includes('*')) {
      throw queryParseError(`a wildcard * may only end a word: ${JSON.stringify(text)}`, value.column, text);
    }
    match = 'prefix';
    text = stem;
  }
  return { kind: 'text', field, text, match };
}

const IS_FLAGS: Record<string, [FlagLetter, boolean]> = {
  read: ['u', false], unread: ['u', true],
  flagged: ['f', true], unflagged: ['f', false],
  replied: ['r', true], unreplied: ['r', false],
  answered: ['r', true], unanswered: ['r', false], // not Zimbra's words; IMAP's, asked for by clients
  forwarded: ['w', true], unforwarded: ['w', false],
  draft: ['d', true],
  sent: ['s', true], fromme: ['s', true], received: ['s', false],
  deleted: ['x', true], undeleted: ['x', false], // IMAP \Deleted, likewise an addition
};

/**
 * is: values. anywhere lifts the Trash/Junk exclusion; local is every folder of this mailbox
 * (we have no mountpoints, so that is everything) and remote nothing. The me-queries (tome,
 * ccme...) need the account's addresses and invite needs calendar data; both are refused.
 */
function isTerm(value: FieldValue): QueryNode {
  const name = value.text.toLowerCase();
  const flag = IS_FLAGS[name];
  if (flag) return { kind: 'flag', flag: flag[0], set: flag[1] };
  if (name === 'anywhere') return { kind: 'anywhere' };
  if (name === 'local') return { kind: 'all' };
  if (name === 'remote') return { kind: 'none' };
  if (name === 'solo') return { kind: 'solo' };
  throw queryParseError(`unknown is:${value.text}`, value.column, value.text, 'UNKNOWN_TEXT_AFTER_IS');
}

/** Zimbra lets system flags be searched as tags: tag:\Unread, tag:\Flagged... */
const FLAG_TAGS: Record<string, QueryNode> = {
  '\\unread': { kind: 'flag', flag: 'u', set: true },
  '\\flagged': { kind: 'flag', flag: 'f', set: true },
  '\\answered': { kind: 'flag', flag: 'r', set: true },
  '\\forwarded': { kind: 'flag', flag: 'w', set: true },
  '\\draft': { kind: 'flag', flag: 'd', set: true },
  '\\deleted': { kind: 'flag', flag: 'x', set: true },
  '\\notified': { kind: 'flag', flag: 'n', set: true },
  '\\attached': { kind: 'attachment' },
};

function tagTerm(name: string): QueryNode {
  return FLAG_TAGS[name.toLowerCase()] ?? { kind: 'tag', name };
}

/** item:all, item:none, item:12, item:1,2,3, item:{1,2,3}, item:10--20 (Zimbra's ItemQuery). */
function itemTerm(value: FieldValue): QueryNode {
  let text = value.text.trim();
  if (/^all$/i.test(text)) return { kind: 'all' };
  if (/^none$/i.test(text)) return { kind: 'none' };
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  const range = /^(.*[^-])--(.+)$/.exec(text);
  if (range) return { kind: 'itemRange', from: itemId(range[1], value), to: itemId(range[2], value) };
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => itemId(s, value));
  // An empty list matches nothing, as in Zimbra.
  return ids.length ? { kind: 'item', ids } : { kind: 'none' };
}

function itemId(text: string, value: FieldValue): number {
  const id = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(id)) throw queryParseError(`invalid item id ${JSON.stringify(text)}`, value.column, value.text);
  return id;
}
