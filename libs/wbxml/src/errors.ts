/** Why a document was refused (decode) or could not be written (encode). */
export type WbxmlErrorCode =
  /** The input ends inside the header, a token, a string, an opaque block or an open element. */
  | 'TRUNCATED'
  /** Not WBXML 1.3 / public id 1 / UTF-8 / empty string table, as ActiveSync sends. */
  | 'BAD_HEADER'
  /** A multi-byte integer longer than 5 bytes or above 2^32 - 1. */
  | 'BAD_MB_UINT32'
  /** SWITCH_PAGE to a page MS-ASWBXML does not define (or an element with such a namespace). */
  | 'UNKNOWN_CODE_PAGE'
  /** A tag token (or tag name) the current code page does not define. */
  | 'UNKNOWN_TAG'
  /** A WBXML token ActiveSync never uses: attributes, ENTITY, LITERAL*, EXT*, PI, STR_T. */
  | 'UNSUPPORTED_TOKEN'
  /** Text or END outside the root element, or no root element at all. */
  | 'BAD_STRUCTURE'
  /** Bytes after the end of the root element. */
  | 'TRAILING_DATA'
  /** An inline string that is not valid UTF-8. */
  | 'INVALID_UTF8'
  /** Elements nested deeper than the limit (default 64). */
  | 'DEPTH_LIMIT'
  /** Input larger than the byte limit, or more nodes than the node limit. */
  | 'SIZE_LIMIT'
  /** encode: something that is not an element tree, or a string WBXML cannot carry (NUL, lone surrogate). */
  | 'INVALID_TREE';

/** The one error this codec throws for bad input; `offset` is the byte where decoding stopped. */
export class WbxmlError extends Error {
  override readonly name = 'WbxmlError';

  constructor(
    readonly code: WbxmlErrorCode,
    readonly detail: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? `WBXML ${code}: ${detail}` : `WBXML ${code} at byte ${offset}: ${detail}`);
  }
}
