import { ContextExtension } from '@gw/contracts';
import { SoapElement, el } from '@gw/soap';

/** A service's context extension as a SOAP element, children in the extension's namespace. */
export function extensionElement(x: Omit<ContextExtension, 'ns'> & { ns?: string }): SoapElement {
  const e = el(x.name, x.attrs ?? {}, (x.children ?? []).map((c) => extensionElement(c)), x.ns);
  if (x.text !== undefined) e.text = x.text;
  return e;
}

/**
 * The extensions a request's calls collected, one per name and namespace (the latest wins: a
 * BatchRequest may report the same status several times).
 */
export function collectExtensions(found: readonly ContextExtension[]): SoapElement[] {
  const latest = new Map<string, ContextExtension>();
  for (const x of found) latest.set(`${x.ns} ${x.name}`, x);
  return [...latest.values()].map(extensionElement);
}
