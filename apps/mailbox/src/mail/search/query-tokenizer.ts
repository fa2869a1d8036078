import { queryParseError } from './parse-error';

/**
 * The raw pieces of a query string. The tokenizer only knows about the characters that always
 * delimit: white space, parentheses and double quotes. Whether a word is a keyword (AND, OR,
 * NOT), a modifier (`-`, `+`, `!`), a field (`from:`) or a value depends on where it stands —
 * `before:-1day` is a date, `-in:trash` is a negation — so the parser decides that.
 */
export type Token =
  | { type: 'lparen'; column: number }
  | { type: 'rparen'; column: number }
  | { type: 'word'; text: string; column: number }
  | { type: 'quoted'; text: string; column: number };

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f';
const endsWord = (c: string) => isSpace(c) || c === '(' || c === ')' || c === '"';

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    const column = i + 1;
    if (isSpace(c)) {
      i++;
    } else if (c === '(') {
      tokens.push({ type: 'lparen', column });
      i++;
    } else if (c === ')') {
      tokens.push({ type: 'rparen', column });
      i++;
    } else if (c === '"') {
      const { text, next } = readQuoted(query, i);
      tokens.push({ type: 'quoted', text, column });
      i = next;
    } else {
      let end = i;
      while (end < query.length && !endsWord(query[end])) end++;
      tokens.push({ type: 'word', text: query.slice(i, end), column });
      i = end;
    }
  }
  return tokens;
}

/** A double-quoted string starting at `start`; `\"` stands for a quote inside it, as in Zimbra. */
function readQuoted(query: string, start: number): { text: string; next: number } {
  let text = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === '\\' && query[i + 1] === '"') {
      text += '"';
      i += 2;
    } else if (c === '"') {
      return { text, next: i + 1 };
    } else {
      text += c;
      i++;
    }
  }
  throw queryParseError('unbalanced quote', start + 1, query.slice(start), 'LEXICAL_ERROR');
}
