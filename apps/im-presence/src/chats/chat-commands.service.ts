import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  BusReply,
  ChatConfigVar,
  ImChatCommandPayload,
  ImJoinRoomResult,
  ImModifyChatResult,
  ImSendMessageResult,
  Principal,
} from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { ReadModelSet } from '@gw/service-infra';
import { refuse, requirePrincipal } from '../domain/refusals';
import { Party } from '../domain/im-command';
import { ChatCommand } from '../domain/chat/chat-command';
import { isMember } from '../domain/chat/chat-state';
import { chatRefusals } from '../domain/chat/decide-chat';
import { AFFILIATION_LISTS } from '../domain/chat/room-config';
import { ImCommands, later } from '../im/im-commands.service';
import { ImRepository } from '../im/im.repository';
import { activePrivacyList } from '../domain/im-state';
import { privacyAllows } from '../domain/privacy';
import { IM_PRESENCE_CONFIG } from '../infrastructure/tokens';
import type { ImPresenceConfig } from '../infrastructure/config';
import { ChatOutcome, ChatRepository } from './chat.repository';
import { conferenceServices, roomAddress, roomThread } from './conference-services';

/** Zimbra's invitation text when the client sends none (IMModifyChat op=adduser). */
export const DEFAULT_INVITATION = 'Please join my chat';

interface ChatRun {
  outcome: ChatOutcome;
  /** The highest position written by the chat and the effects on the accounts. */
  position: bigint | null;
}

type Reply<R> = { result: R; position: bigint | null };

/**
 * Runs chat requests for the controllers: resolves addresses, finds or starts the chat, appends
 * to the chat's stream, then delivers the effects to the participants' account streams in order
 * (ImCommands.deliver) and replies once the read models have all of it (read your writes).
 */
@Injectable()
export class ChatCommands {
  /** The service's clock and thread ids; the domain reads neither. */
  now: () => number = Date.now;
  newThread: () => string = () => `chat-${randomUUID()}`;

  constructor(
    private readonly chats: ChatRepository,
    private readonly accounts: ImRepository,
    private readonly im: ImCommands,
    private readonly readModels: ReadModelSet,
    @Inject(IM_PRESENCE_CONFIG) private readonly config: Pick<ImPresenceConfig, 'conferenceDomains'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A bus request on the caller's chats. */
  handle<S extends z.ZodTypeAny, R>(
    raw: unknown,
    schema: S,
    fn: (payload: z.infer<S>, principal: Principal, at: number, requestId: string) => Promise<Reply<R>>,
  ): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request.principal);
      const { result, position } = await fn(payload, principal, this.now(), request.id);
      return { result, position: position ?? undefined };
    });
  }

  async run(thread: string, commands: ChatCommand[], principal: Principal, commandId?: string): Promise<ChatRun> {
    const actor = { id: principal.id, name: principal.name };
    const outcome = await this.chats.execute(thread, commands, actor, commandId);
    const delivered = await this.im.deliver(outcome.effects, actor);
    const position = later(outcome.position, delivered);
    if (position !== null) await this.readModels.waitFor(position);
    return { outcome, position };
  }

  /** IMSendMessage: to a chat I am in, else to my 1:1 chat with `addr` (started when there is none). */
  async sendMessage(p: ImChatCommandPayload<'IMSendMessage'>, principal: Principal, at: number, id: string): Promise<Reply<ImSendMessageResult>> {
    const me = this.im.me(principal);
    const post = (thread: string): ChatCommand => ({ type: 'PostMessage', thread, me, subject: p.subject, body: p.body, html: p.html, typing: p.typing, at });
    // A thread I am not in falls back to the address, as Zimbra does; without one it is unknown.
    if (p.thread) {
      const chat = (await this.chats.load(p.thread)).state;
      if (!p.addr || isMember(chat, me.accountId)) {
        const peer = chat.kind === 'direct' && !chat.adhoc ? chat.pair.find((x) => x.accountId !== me.accountId) : undefined;
        if (peer && isMember(chat, me.accountId) && (await this.refusedBy(peer, me, p.thread, p.typing && !p.body && !p.subject, at))) {
          return { result: { thread: p.thread }, position: null };
        }
        const { position } = await this.run(p.thread, [post(p.thread)], principal, id);
        return { result: { thread: p.thread }, position };
      }
    }
    const peer = await this.im.resolve(p.addr!, principal);
    if (peer.accountId === me.accountId) throw refuse.invalid('you cannot chat with yourself');
    const existing = await this.directChatWith(me, peer);
    const thread = existing ?? this.newThread();
    const start: ChatCommand[] = existing ? [] : [{ type: 'StartDirectChat', thread, me, peer, at }];
    if (await this.refusedBy(peer, me, thread, p.typing && !p.body && !p.subject, at)) {
      // The chat exists for me (its thread is my answer), but nothing of mine is stored in it.
      const started = start.length ? await this.run(thread, start, principal, id) : { position: null };
      return { result: { thread }, position: started.position };
    }
    const { position } = await this.run(thread, [...start, post(thread)], principal, id);
    return { result: { thread }, position };
  }

  /**
   * A 1:1 message whose recipient's privacy list denies me is neither stored in the chat's
   * history (which the recipient could read) nor delivered: I get `service_unavailable` back, as
   * XEP-0016 prescribes (a typing notice is dropped silently).
   */
  private async refusedBy(peer: Party, me: Party, thread: string, typingOnly: boolean, at: number): Promise<boolean> {
    const { state } = await this.accounts.load(peer.accountId);
    if (privacyAllows(activePrivacyList(state), me.addr)) return false;
    if (!typingOnly) {
      const position = await this.im.deliver(
        [{ accountId: me.accountId, command: { type: 'ReceiveMessageError', thread, from: peer.addr, ts: at, error: 'service_unavailable', at } }],
        { id: me.accountId, name: me.addr },
      );
      if (position !== null) await this.readModels.waitFor(position);
    }
    return true;
  }

  /**
   * IMJoinConferenceRoom. A room on a service that is not ours is NotAllowed (soap-im.txt: "Room
   * doesn't exist, and you're not allowed to create a new one"): Zimbra reports every join
   * failure as the response's error, never as a fault. `thread`: a 1:1 chat of mine whose
   * other participants are invited into the room once I am in.
   */
  async joinRoom(p: ImChatCommandPayload<'IMJoinConferenceRoom'>, principal: Principal, at: number, id: string): Promise<Reply<ImJoinRoomResult>> {
    const me = this.im.me(principal);
    const room = roomAddress(p.addr, principal.name);
    const thread = roomThread(room.addr);
    if (!this.services(principal).includes(room.service)) return { result: { thread, status: [], error: 'NotAllowed' }, position: null };
    const converted = p.thread ? await this.myDirectChat(p.thread, me) : [];
    const joined = await this.run(thread, [{ type: 'JoinRoom', thread, room: room.addr, me, nick: p.nickname, password: p.password, at }], principal, id);
    const join = joined.outcome.join ?? { status: [] };
    let position = joined.position;
    if (!join.error) {
      for (const user of converted) {
        const invited = await this.run(thread, [{ type: 'AddChatUser', thread, me, user, message: DEFAULT_INVITATION, at }], principal);
        position = later(position, invited.position);
      }
    }
    return { result: { thread, status: join.status, ...(join.error ? { error: join.error } : {}) }, position };
  }

  /** IMModifyChat: close, adduser, configure, kick, ban. */
  async modifyChat(p: ImChatCommandPayload<'IMModifyChat'>, principal: Principal, at: number, id: string): Promise<Reply<ImModifyChatResult>> {
    const me = this.im.me(principal);
    const thread = p.thread;
    const party = () => {
      if (!p.addr) throw refuse.invalid(`op=${p.op} needs an addr`);
      return this.im.resolve(p.addr, principal);
    };
    let command: ChatCommand;
    switch (p.op) {
      case 'close':
        command = { type: 'CloseChat', thread, me, at };
        break;
      case 'adduser':
        command = { type: 'AddChatUser', thread, me, user: await party(), message: p.message?.trim() || DEFAULT_INVITATION, at };
        break;
      case 'configure':
        command = { type: 'ConfigureRoom', thread, me, vars: await this.resolveAffiliationLists(p.vars, principal), at };
        break;
      case 'kick':
        command = { type: 'KickOccupant', thread, me, target: await party(), reason: p.message, at };
        break;
      case 'ban':
        command = { type: 'BanUser', thread, me, target: await party(), reason: p.message, at };
        break;
    }
    const { outcome, position } = await this.run(thread, [command], principal, id);
    return { result: { thread, ...(outcome.refused ? { error: outcome.refused } : {}) }, position };
  }

  /** The conference services the caller may use. */
  services(principal: Principal): string[] {
    return conferenceServices(principal.name, this.config.conferenceDomains);
  }

  /** My 1:1 chat with `peer` (no one else added, and I have not closed it), from the chats my account is in. */
  private async directChatWith(me: Party, peer: Party): Promise<string | undefined> {
    const { state } = await this.accounts.load(me.accountId);
    for (const joined of state.chats.values()) {
      if (joined.room !== undefined) continue;
      const chat = (await this.chats.load(joined.thread)).state;
      if (chat.kind === 'direct' && !chat.adhoc && isMember(chat, me.accountId) && chat.pair.some((x) => x.accountId === peer.accountId)) return joined.thread;
    }
    return undefined;
  }

  /** The other participants of a direct chat I am in (for converting it into a room). */
  private async myDirectChat(thread: string, me: Party): Promise<Party[]> {
    const chat = (await this.chats.load(thread)).state;
    if (chat.kind !== 'direct' || !isMember(chat, me.accountId)) throw chatRefusals.noSuchChat(thread);
    return chat.participants.filter((x) => x.accountId !== me.accountId);
  }

  /** The affiliation lists of a configuration name accounts: each address resolved to its canonical one (unknown: im.INVALID_ADDRESS). */
  private async resolveAffiliationLists(vars: ChatConfigVar[], principal: Principal): Promise<ChatConfigVar[]> {
    return Promise.all(
      vars.map(async (v) => {
        if (!(v.name.trim().toLowerCase() in AFFILIATION_LISTS)) return v;
        const addrs = (v.values ?? (v.value !== undefined ? [v.value] : [])).filter((a) => a.trim().length > 0);
        const parties = await Promise.all(addrs.map((a) => this.im.resolve(a, principal)));
        return { name: v.name, values: parties.map((x) => x.addr) };
      }),
    );
  }
}
