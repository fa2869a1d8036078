import { ImChatConfiguration, ImConferenceRooms, ImConferenceServices, ImJoinRoomResult, imChatCommandSubject, imChatQuerySubject } from '@gw/contracts';
import { SoapFault, attr, attrBool, el } from '@gw/soap';
import { response } from '../directory-elements';
import { configVarElements } from './chats';
import { imHandler, requiredAttr } from './im-elements';

/** A trimmed, non-blank attribute, or undefined. */
const optional = (value: string | undefined) => value?.trim() || undefined;

/** Conference rooms (soap-im.txt CONFERENCE APIS): joining, configuration, services and rooms. */
export const conferenceHandlers = [
  imHandler('IMJoinConferenceRoomRequest', async (request, ctx) => {
    // soap-im.txt names it nickname; Zimbra's own handler read `nick`.
    const nickname = optional(attr(request, 'nickname')) ?? optional(attr(request, 'nick'));
    const password = attr(request, 'password');
    const thread = optional(attr(request, 'thread'));
    const result = await ctx.call<ImJoinRoomResult>(imChatCommandSubject('IMJoinConferenceRoom'), {
      addr: requiredAttr(request, 'addr').trim(),
      ...(nickname ? { nickname } : {}),
      ...(password ? { password } : {}),
      ...(thread ? { thread } : {}),
    });
    return response(request, [], { thread: result.thread, status: result.status.length ? result.status.join(',') : undefined, error: result.error });
  }),
  imHandler('IMGetChatConfigurationRequest', async (request, ctx) => {
    const thread = optional(attr(request, 'thread'));
    const addr = optional(attr(request, 'addr'));
    if (!thread && !addr) throw SoapFault.invalidRequest('Missing required argument -- one of (thread, addr) must be specified');
    const config = await ctx.call<ImChatConfiguration>(imChatQuerySubject('IMGetChatConfiguration'), {
      ...(thread ? { thread } : {}),
      ...(addr ? { addr } : {}),
      requestOwnerConfig: attrBool(request, 'requestOwnerConfig', false),
    });
    return response(request, configVarElements(config.vars), {
      thread: config.thread ?? thread,
      addr: config.addr ?? addr,
      isMUC: config.isMuc,
      error: config.error,
    });
  }),
  imHandler('IMListConferenceServicesRequest', async (request, ctx) => {
    const { services } = await ctx.call<ImConferenceServices>(imChatQuerySubject('IMListConferenceServices'), {});
    return response(request, services.map((s) => el('svc', { name: s.name, addr: s.addr })));
  }),
  imHandler('IMListConferenceRoomsRequest', async (request, ctx) => {
    const svc = optional(attr(request, 'svc'));
    const { rooms } = await ctx.call<ImConferenceRooms>(imChatQuerySubject('IMListConferenceRooms'), svc ? { svc } : {});
    return response(request, rooms.map((r) => el('room', { name: r.name, addr: r.addr })));
  }),
];
