import { TextMatch } from './query-ast';

/**
 * A LIKE pattern matching `text` anywhere, for `ILIKE $n ESCAPE '\'`. The user's %, _ and \
 * are escaped so they match themselves; the user's * is Zimbra's wildcard and becomes %.
 */
export function containsPattern(text: string): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
  return `%${escaped}%`;
}

/**
 * The tsquery function for each way of writing text, all with the 'simple' configuration the
 * projection indexes with: bare words must all occur, a quoted phrase in order, and `word*`
 * is a prefix, which only to_tsquery can say.
 */
export const TSQUERY_FUNCTION: Record<TextMatch, string> = {
  words: 'plainto_tsquery',
  phrase: 'phraseto_tsquery',
  prefix: 'to_tsquery',
};

/** The value bound to the tsquery function's parameter. */
export function tsQueryText(text: string, match: TextMatch): string {
  return match === 'prefix' ? prefixQuery(text) : text;
}

/**
 * `word*` as to_tsquery input: the word as one quoted lexeme (so & | ! ( ) : in it are not
 * operators; quotes doubled, backslashes escaped) followed by :*, the prefix marker. If the
 * parser splits the word (foo-bar), each part becomes a prefix in a phrase.
 */
function prefixQuery(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`;
}
