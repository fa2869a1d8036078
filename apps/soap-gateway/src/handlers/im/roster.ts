import { ImPresence, ImRoster, ImSubscribeResult, imCommandSubject, imQuerySubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, attrBool, el, uniqueEl } from '@gw/soap';
import { response } from '../directory-elements';
import { groupsOf, imHandler, participantsElement, requiredAttr, requiredBool } from './im-elements';

/** My own presence, `<presence show [priority] [status] [lang]/>` (IMPresence.toXml, with what the spec lists). */
export function myPresenceElement(p: ImPresence): SoapElement {
  return uniqueEl('presence', { show: p.unavailable ? 'offline' : p.show, priority: p.priority || undefined, status: p.status, lang: p.lang });
}

/** `<chats><chat thread><pcps><p/>…</pcps></chat>…</chats>`: my active chats. */
function rosterChatsElement(roster: ImRoster): SoapElement {
  return uniqueEl(
    'chats',
    {},
    roster.chats.map((c) => el('chat', { thread: c.thread }, [participantsElement(c.participants)])),
  );
}

/** IMSubscribe `op`: add (the default) or remove, case-insensitive as Zimbra compares it. */
function subscribeOp(raw: string | undefined): 'add' | 'remove' {
  const op = (raw ?? 'add').trim().toLowerCase();
  if (op !== 'add' && op !== 'remove') throw SoapFault.invalidRequest(`unknown op: ${raw}`);
  return op;
}

/** A buddy's `name` and `groups`, as IMSubscribe and IMAuthorizeSubscribe carry them. */
function buddyDetails(request: SoapElement) {
  const name = attr(request, 'name');
  const groups = groupsOf(request);
  return { ...(name !== undefined ? { name } : {}), ...(groups !== undefined ? { groups } : {}) };
}

/** The roster requests of soap-im.txt: the buddy list, subscribing and answering subscriptions. */
export const rosterHandlers = [
  imHandler('IMGetRosterRequest', async (request, ctx) => {
    // The roster itself goes out asynchronously, in the session's next notify block.
    await ctx.call(imCommandSubject('IMRequestRoster'), {});
    const roster = await ctx.call<ImRoster>(imQuerySubject('IMGetRoster'), {});
    return response(request, [myPresenceElement(roster.presence), rosterChatsElement(roster)]);
  }),
  imHandler('IMSubscribeRequest', async (request, ctx) => {
    const result = await ctx.call<ImSubscribeResult>(imCommandSubject('IMSubscribe'), {
      op: subscribeOp(attr(request, 'op')),
      addr: requiredAttr(request, 'addr'),
      ...buddyDetails(request),
    });
    return response(request, [], { addr: result.addr });
  }),
  imHandler('IMAuthorizeSubscribeRequest', async (request, ctx) => {
    await ctx.call(imCommandSubject('IMAuthorizeSubscribe'), {
      addr: requiredAttr(request, 'addr'),
      authorized: requiredBool(request, 'authorized'),
      add: attrBool(request, 'add', false),
      ...buddyDetails(request),
    });
    return response(request);
  }),
];
