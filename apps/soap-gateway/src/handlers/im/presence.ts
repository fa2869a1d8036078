import { IM_SHOWS, ImCommandPayload, ImShow, imCommandSubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, childrenNamed } from '@gw/soap';
import { response } from '../directory-elements';
import { imHandler, optionalCount, requestSessionId, requiredBool } from './im-elements';

type PresencePayload = Omit<ImCommandPayload<'IMSetPresence'>, 'sessionId'>;

/** `show`, case-insensitive (Zimbra upper-cases it; its web client sends ONLINE, AWAY…). */
function showOf(e: SoapElement): ImShow {
  const raw = attr(e, 'show');
  if (raw === undefined || raw.trim() === '') return 'online';
  const show = raw.trim().toLowerCase();
  if (!(IM_SHOWS as readonly string[]).includes(show)) throw SoapFault.invalidRequest(`invalid show: ${raw}`);
  return show as ImShow;
}

/**
 * The `<presence>` children of IMSetPresenceRequest, one command payload each. soap-im.txt: one or
 * more, each with a different lang. The one without lang comes last, so it is the session's
 * presence when the service keeps one per session.
 */
export function presencesOf(request: SoapElement): PresencePayload[] {
  const elements = childrenNamed(request, 'presence');
  if (!elements.length) throw SoapFault.invalidRequest('missing required element: presence');
  const langs = new Set<string>();
  const presences = elements.map((e): PresencePayload => {
    const lang = attr(e, 'lang')?.trim() || undefined;
    const key = lang?.toLowerCase() ?? '';
    if (langs.has(key)) throw SoapFault.invalidRequest(lang ? `duplicate presence lang: ${lang}` : 'more than one presence without lang');
    langs.add(key);
    const priority = optionalCount(e, 'priority');
    if (priority !== undefined && priority > 255) throw SoapFault.invalidRequest(`invalid priority: ${priority}`);
    const status = attr(e, 'status');
    return { show: showOf(e), priority: priority ?? 0, ...(status !== undefined ? { status } : {}), ...(lang ? { lang } : {}) };
  });
  return [...presences.filter((p) => p.lang !== undefined), ...presences.filter((p) => p.lang === undefined)];
}

/** Presence and idleness of the caller's session (the request's SOAP session, else `default`). */
export const presenceHandlers = [
  imHandler('IMSetPresenceRequest', async (request, ctx) => {
    const presences = presencesOf(request);
    const idle = optionalCount(request, 'idle');
    const sessionId = requestSessionId(ctx) ?? 'default';
    for (const presence of presences) await ctx.call(imCommandSubject('IMSetPresence'), { ...presence, sessionId });
    // `idle="seconds"` reports the same session's idleness along with its presence.
    if (idle !== undefined) await ctx.call(imCommandSubject('IMSetIdle'), { isIdle: idle > 0, idleTime: idle, sessionId });
    return response(request);
  }),
  imHandler('IMSetIdleRequest', async (request, ctx) => {
    const sessionId = requestSessionId(ctx);
    // Without a session the service refuses with service.SESSION_REQUIRED (soap-im.txt).
    await ctx.call(imCommandSubject('IMSetIdle'), {
      isIdle: requiredBool(request, 'isIdle'),
      idleTime: optionalCount(request, 'idleTime') ?? 0,
      ...(sessionId !== undefined ? { sessionId } : {}),
    });
    return response(request);
  }),
];
