// WBXML 1.3 global tokens (WAP-192-WBXML 7.1) and the header ActiveSync uses.

export const SWITCH_PAGE = 0x00;
export const END = 0x01;
export const STR_I = 0x03;
export const OPAQUE = 0xc3;

/** Tag byte flag: the element has content (ended by END). */
export const HAS_CONTENT = 0x40;
/** Tag byte flag: the element has attributes (never used by ActiveSync). */
export const HAS_ATTRIBUTES = 0x80;

/** WBXML 1.3. */
export const VERSION_1_3 = 0x03;
/** Public identifier 1: "unknown or missing public identifier" (MS-ASWBXML 2.1.1). */
export const PUBLIC_ID_UNKNOWN = 0x01;
/** IANA MIBenum of UTF-8. */
export const CHARSET_UTF8 = 106;

/** Every document this codec writes starts with these bytes (empty string table). */
export const HEADER = Uint8Array.of(VERSION_1_3, PUBLIC_ID_UNKNOWN, CHARSET_UTF8, 0x00);

/** The HTTP Content-Type of ActiveSync WBXML bodies. */
export const WBXML_CONTENT_TYPE = 'application/vnd.ms-sync.wbxml';

/** Names of the global tokens ActiveSync does not use, for error messages. */
export const UNSUPPORTED_GLOBAL_TOKENS: Readonly<Record<number, string>> = {
  0x02: 'ENTITY',
  0x04: 'LITERAL',
  0x40: 'EXT_I_0',
  0x41: 'EXT_I_1',
  0x42: 'EXT_I_2',
  0x43: 'PI',
  0x44: 'LITERAL_C',
  0x80: 'EXT_T_0',
  0x81: 'EXT_T_1',
  0x82: 'EXT_T_2',
  0x83: 'STR_T',
  0x84: 'LITERAL_A',
  0xc0: 'EXT_0',
  0xc1: 'EXT_1',
  0xc2: 'EXT_2',
  0xc4: 'LITERAL_AC',
};
