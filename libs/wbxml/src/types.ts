import type { CodePageName } from './code-pages';

/**
 * An element of an ActiveSync document: its code page (the XML namespace, e.g. 'Provision'),
 * its tag name in that page, and its content in order.
 */
export interface WbxmlElement {
  ns: CodePageName;
  name: string;
  children: WbxmlNode[];
}

/** Element content: an element, text (STR_I) or opaque bytes (OPAQUE; decoded as a Buffer). */
export type WbxmlNode = WbxmlElement | string | Uint8Array;
