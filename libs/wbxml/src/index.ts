export type { WbxmlElement, WbxmlNode } from './types';
export { WbxmlError, type WbxmlErrorCode } from './errors';
export { decode, DEFAULT_LIMITS, type DecodeOptions } from './decode';
export { encode, type EncodeOptions } from './encode';
export { bytes, child, children, childText, el, isElement, text, type Content } from './tree';
export { toXml } from './xml';
export { CODE_PAGES, codePageNumber, tagName, tagToken, type CodePageName, type TagName } from './code-pages';
export { HEADER, WBXML_CONTENT_TYPE } from './tokens';
