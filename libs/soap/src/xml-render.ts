import type { SoapElement } from './element';
import { xmlAttrString } from './element';
import { SoapFault } from './fault';
import { isXmlName } from './xml-chars';
import { escapeXmlAttr, escapeXmlText } from './xml-escape';

/**
 * SoapElement → XML text. Namespaces listed in `prefixes` (URI → prefix) are declared once on
 * the root and written as prefixed names (the envelope's soap:); every other namespace uses a
 * default-namespace declaration where it changes, the way Zimbra writes
 * `<AuthResponse xmlns="urn:zimbraAccount">`.
 */
export function renderXml(root: SoapElement, prefixes: ReadonlyMap<string, string> = new Map()): string {
  const out: string[] = [];
  writeElement(root, '', prefixes, out, true);
  return out.join('');
}

function writeElement(e: SoapElement, inheritedNs: string, prefixes: ReadonlyMap<string, string>, out: string[], isRoot: boolean): void {
  // Local names only: a colon would smuggle in an undeclared prefix.
  if (!isXmlName(e.name) || e.name.includes(':')) throw SoapFault.failure(`cannot render element name '${e.name}' as XML`);

  const prefix = e.ns !== undefined ? prefixes.get(e.ns) : undefined;
  let tag = e.name;
  let childNs = inheritedNs;
  let nsDecl = '';
  if (prefix !== undefined) {
    tag = `${prefix}:${e.name}`;
  } else {
    childNs = e.ns ?? inheritedNs;
    if (childNs !== inheritedNs) nsDecl = ` xmlns="${escapeXmlAttr(childNs)}"`;
  }

  out.push('<', tag);
  if (isRoot) for (const [uri, p] of prefixes) out.push(` xmlns:${p}="${escapeXmlAttr(uri)}"`);
  out.push(nsDecl);
  for (const [k, v] of Object.entries(e.attrs)) {
    // Namespaces come from `ns`; a stray xmlns attribute would contradict them.
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    if (!isXmlName(k)) throw SoapFault.failure(`cannot render attribute name '${k}' as XML`);
    out.push(' ', k, '="', escapeXmlAttr(xmlAttrString(v)), '"');
  }

  const hasText = e.text !== undefined && e.text !== '';
  if (e.children.length === 0 && !hasText) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (hasText) out.push(escapeXmlText(e.text as string));
  for (const c of e.children) writeElement(c, childNs, prefixes, out, false);
  out.push('</', tag, '>');
}
