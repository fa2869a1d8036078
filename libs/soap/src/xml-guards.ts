import { SoapFault } from './fault';
import { findIllegalXmlChar } from './xml-chars';
import { findMarkupProblem, MarkupProblem } from './xml-scan';

/**
 * Checks run on the raw text before any XML parser sees it.
 *
 * fast-xml-parser reads DOCTYPE internal subsets and expands their entities (within limits);
 * Zimbra's parser is configured with disallow-doctype-decl, and so are we: any markup
 * declaration (<!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST, ...) is refused outright, which rules
 * out entity-expansion bombs and external entities before they can be read.
 */
export function guardXmlText(xml: string, maxDepth: number): void {
  const bad = findIllegalXmlChar(xml);
  if (bad !== -1) {
    const code = xml.codePointAt(bad) ?? 0;
    throw SoapFault.parseError(`illegal XML character U+${code.toString(16).toUpperCase().padStart(4, '0')} at offset ${bad}`);
  }
  const problem = findMarkupProblem(xml, maxDepth);
  if (problem) throw SoapFault.parseError(describe(problem));
}

function describe(problem: MarkupProblem): string {
  switch (problem.kind) {
    case 'unterminated':
      return `unterminated ${problem.what}`;
    case 'comment-dashes':
      return "'--' is not allowed inside a comment";
    case 'doctype':
    case 'declaration':
      return 'DOCTYPE is disallowed: DTDs, entity and markup declarations are not accepted';
    case 'too-deep':
      return `document nesting exceeds ${problem.maxDepth} levels`;
  }
}
