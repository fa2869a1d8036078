import { QueryNode } from './query-ast';
import { fieldTerm, isDateField, knowField } from './query-fields';
import { queryParseError } from './parse-error';
import { Token, tokenize } from './query-tokenizer';

/**
 * Parses Zimbra's search query language (query.txt; the grammar of Zimbra's Parser.jjt):
 *
 *   query   := and (OR and)*                      OR is `or` or `||`
 *   and     := unary ([AND] unary)*               AND is `and` or `&&`; adjacency is AND too
 *   unary   := (NOT | - | ! | +) unary            NOT is `not`; + marks a term required (a no-op)
 *            | ( query )
 *            | field: value | field: ( values ) | word | "phrase"
 *
 * AND binds tighter than OR (Zimbra builds an OR of AND-groups). Keywords and field names are
 * case-insensitive. In `field:(a OR -b)` the field applies to every word of the group.
 * The empty query matches everything.
 */
export function parseQuery(query: string): QueryNode {
  const tokens = tokenize(query);
  if (tokens.length === 0) return { kind: 'all' };
  const parser = new QueryParser(tokens, query.length);
  const node = parser.parseOr(undefined);
  parser.expectEnd();
  return node;
}

/** Deep enough for any hand-written query, shallow enough that the stack never is the limit. */
const MAX_NESTING = 100;

const OR_WORDS = new Set(['or', '||']);
const AND_WORDS = new Set(['and', '&&']);
const NOT_WORDS = new Set(['not', '!']);

/**
 * `field` is undefined at clause level, where words may be `field:value` or bare words; inside
 * `field:( ... )` it names the field every word is a value of.
 */
type Field = string | undefined;

class QueryParser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parseOr(field: Field): QueryNode {
    const children = [this.parseAnd(field)];
    while (this.isKeyword(this.peek(), OR_WORDS)) {
      this.pos++;
      children.push(this.parseAnd(field));
    }
    return combine('or', children);
  }

  expectEnd(): void {
    const t = this.peek();
    if (!t) return;
    if (t.type === 'rparen') throw queryParseError('unbalanced parenthesis ")"', t.column, ')');
    throw queryParseError('unexpected input', t.column, tokenText(t));
  }

  private parseAnd(field: Field): QueryNode {
    const children = [this.parseUnary(field)];
    for (;;) {
      const t = this.peek();
      if (!t || t.type === 'rparen' || this.isKeyword(t, OR_WORDS)) break;
      if (this.isKeyword(t, AND_WORDS)) this.pos++;
      children.push(this.parseUnary(field));
    }
    return combine('and', children);
  }

  private parseUnary(field: Field): QueryNode {
    const t = this.peek();
    if (!t) throw queryParseError('unexpected end of query, a search term is missing', this.length + 1, '');
    if (t.type === 'rparen') throw queryParseError('unexpected ")", a search term is missing', t.column, ')');
    if (++this.depth > MAX_NESTING) throw queryParseError('query nested too deeply', t.column, tokenText(t));
    try {
      if (t.type === 'lparen') return this.parseGroup(field);
      if (t.type === 'word') {
        const lower = t.text.toLowerCase();
        if (OR_WORDS.has(lower) || AND_WORDS.has(lower)) {
          throw queryParseError(`a search term is missing before "${t.text}"`, t.column, t.text);
        }
        if (NOT_WORDS.has(lower)) {
          this.pos++;
          return { kind: 'not', child: this.parseUnary(field) };
        }
        const modifier = t.text[0];
        // In a date group a leading - or + belongs to the date (date:(-1day OR -2days)).
        if ((modifier === '-' || modifier === '+' || modifier === '!') && !(field && isDateField(field) && modifier !== '!')) {
          this.consumeFirstChar(t);
          const operand = this.parseUnary(field);
          return modifier === '+' ? operand : { kind: 'not', child: operand };
        }
      }
      return field ? this.parseValue(field) : this.parseClause();
    } finally {
      this.depth--;
    }
  }

  private parseGroup(field: Field): QueryNode {
    const open = this.tokens[this.pos++];
    if (this.peek()?.type === 'rparen') throw queryParseError('empty parentheses', open.column, '()');
    const inner = this.parseOr(field);
    if (this.peek()?.type !== 'rparen') throw queryParseError('unbalanced parenthesis "("', open.column, '(');
    this.pos++;
    return inner;
  }

  /** A clause: `field:value`, `field:(values)`, a bare word or a "phrase" (both content:). */
  private parseClause(): QueryNode {
    const t = this.tokens[this.pos] as Extract<Token, { type: 'word' | 'quoted' }>;
    if (t.type === 'quoted') {
      this.pos++;
      if (t.text.trim() === '') throw queryParseError('empty phrase', t.column, '""');
      return fieldTerm('content', { text: t.text, quoted: true, column: t.column });
    }
    const colon = t.text.indexOf(':');
    if (colon < 0) {
      this.pos++;
      return fieldTerm('content', { text: t.text, quoted: false, column: t.column });
    }
    const name = t.text.slice(0, colon).toLowerCase();
    const known = knowField(name);
    const written = t.text.slice(0, colon + 1);
    if (known === 'unsupported') throw queryParseError(`the search operator ${written} is not supported`, t.column, written);
    if (known === 'unknown') throw queryParseError(`unknown search operator ${JSON.stringify(written)}`, t.column, written, 'LEXICAL_ERROR');
    const rest = t.text.slice(colon + 1);
    if (rest === '') {
      this.pos++;
      return this.parseFieldValue(name, written, t.column);
    }
    // `from:alice` came as one word: the value is the rest of it.
    this.tokens[this.pos] = { type: 'word', text: rest, column: t.column + colon + 1 };
    return this.parseFieldValue(name, written, t.column);
  }

  /** What follows `field:` — Zimbra allows white space in between (`in: inbox`). */
  private parseFieldValue(field: string, written: string, column: number): QueryNode {
    const t = this.peek();
    if (!t || t.type === 'rparen') {
      throw queryParseError(`missing value after "${written}"`, column, written, 'MISSING_TEXT_AFTER_FIELD');
    }
    if (t.type === 'lparen') return this.parseGroup(field);
    return this.parseValue(field);
  }

  private parseValue(field: string): QueryNode {
    const t = this.tokens[this.pos++] as Extract<Token, { type: 'word' | 'quoted' }>;
    return fieldTerm(field, { text: t.text, quoted: t.type === 'quoted', column: t.column });
  }

  /** `-foo` is NOT foo: the word loses its first character and is read again. */
  private consumeFirstChar(t: Extract<Token, { type: 'word' }>): void {
    if (t.text.length === 1) this.pos++;
    else this.tokens[this.pos] = { type: 'word', text: t.text.slice(1), column: t.column + 1 };
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isKeyword(t: Token | undefined, words: Set<string>): boolean {
    return t?.type === 'word' && words.has(t.text.toLowerCase());
  }
}

/** AND/OR nodes, flattened: a AND (b AND c) is one AND of three, a single child is itself. */
function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat = children.flatMap((c) => (c.kind === kind ? c.children : [c]));
  return flat.length === 1 ? flat[0] : { kind, children: flat };
}

function tokenText(t: Token): string {
  return t.type === 'lparen' ? '(' : t.type === 'rparen' ? ')' : t.text;
}
