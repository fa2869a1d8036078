import { DomainError } from '@gw/contracts';

/** Zimbra's `mail.QUERY_PARSE_ERROR`; not (yet) in ErrorCode, so spelled here once. */
export const QUERY_PARSE_ERROR = 'mail.QUERY_PARSE_ERROR';

/**
 * The `parserErr` argument of Zimbra's QUERY_PARSE_ERROR (soap.txt, "mail.QUERY_PARSE_ERROR
 * details"); clients localise the message from it, so we use Zimbra's words.
 */
export type ParserErr =
  | 'PARSER_ERROR'
  | 'LEXICAL_ERROR'
  | 'INVALID_DATE'
  | 'INVALID_SIZE'
  | 'UNKNOWN_TEXT_AFTER_IS'
  | 'MISSING_TEXT_AFTER_FIELD';

/**
 * A query that cannot be parsed. `column` is 1-based, like Zimbra's `colNo`; the args are the
 * ones Zimbra attaches to the fault (colNo, curTok, parserErr) so the SOAP edge can pass them on.
 */
export function queryParseError(why: string, column: number, token: string, parserErr: ParserErr = 'PARSER_ERROR'): DomainError {
  return new DomainError(QUERY_PARSE_ERROR, `parse error: ${why} at column ${column}`, {
    colNo: String(column),
    curTok: token,
    parserErr,
  });
}
