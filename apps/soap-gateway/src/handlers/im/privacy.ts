import { ImCommandPayload, imCommandSubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, child, childrenNamed } from '@gw/soap';
import { response } from '../directory-elements';
import { imHandler, requiredAttr } from './im-elements';

/**
 * IMSetPrivacyListRequest's `<list [name]><item action order addr/>…</list>` (IMSetPrivacyList):
 * action allow|deny, order a unique positive integer, addr an address or a domain.
 */
export function privacyListOf(request: SoapElement): ImCommandPayload<'IMSetPrivacyList'> {
  const list = child(request, 'list');
  if (!list) throw SoapFault.invalidRequest('missing required element: list');
  const orders = new Set<number>();
  const items = childrenNamed(list, 'item').map((item) => {
    const action = requiredAttr(item, 'action').trim().toLowerCase();
    if (action !== 'allow' && action !== 'deny') throw SoapFault.invalidRequest(`invalid action: ${action}`);
    const rawOrder = requiredAttr(item, 'order').trim();
    const order = Number(rawOrder);
    if (!/^\+?\d{1,10}$/.test(rawOrder) || order <= 0 || order > 2 ** 31 - 1) throw SoapFault.invalidRequest(`order must be a positive integer: ${rawOrder}`);
    if (orders.has(order)) throw SoapFault.invalidRequest(`order must be unique for every item within list: ${order}`);
    orders.add(order);
    return { action, order, addr: requiredAttr(item, 'addr').trim() } as const;
  });
  const name = attr(list, 'name')?.trim();
  return { ...(name ? { name } : {}), items };
}

/** The privacy (block/allow) list: set it, or ask for it in the next notify block. */
export const privacyHandlers = [
  imHandler('IMGetPrivacyListRequest', async (request, ctx) => {
    const name = attr(request, 'name')?.trim();
    await ctx.call(imCommandSubject('IMRequestPrivacyList'), name ? { name } : {});
    return response(request);
  }),
  imHandler('IMSetPrivacyListRequest', async (request, ctx) => {
    await ctx.call(imCommandSubject('IMSetPrivacyList'), privacyListOf(request));
    return response(request);
  }),
];
