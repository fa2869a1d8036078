import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { BusReply, ImChat, ImChatConfiguration, imChatQueries as q, imChatQuerySubject, ImConferenceRooms, ImConferenceServices, Principal } from '@gw/contracts';
import { LOGGER, Logger } from '@gw/nats-bus';
import { answerQuery, ReadModelSet } from '@gw/service-infra';
import { requirePrincipal } from '../domain/refusals';
import { ChatReadModel } from '../chats/chat.read-model';
import { conferenceServices, notAConferenceService, roomAddress } from '../chats/conference-services';
import { IM_PRESENCE_CONFIG } from '../infrastructure/tokens';
import type { ImPresenceConfig } from '../infrastructure/config';

/** Queries over the chat read model; each first waits for the caller's last write. */
@Controller()
export class ChatQueriesController {
  constructor(
    private readonly chats: ChatReadModel,
    private readonly readModels: ReadModelSet,
    @Inject(IM_PRESENCE_CONFIG) private readonly config: Pick<ImPresenceConfig, 'conferenceDomains'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private query<S extends z.ZodTypeAny, R>(raw: unknown, schema: S, fn: (payload: z.infer<S>, principal: Principal) => Promise<R>): Promise<BusReply<R>> {
    return answerQuery(this.readModels, this.logger, raw, schema, (payload, request) => fn(payload, requirePrincipal(request.principal)));
  }

  private services(principal: Principal): string[] {
    return conferenceServices(principal.name, this.config.conferenceDomains);
  }

  /** IMGetChat: null (error="not_found") for a chat the caller is not in. */
  @MessagePattern(imChatQuerySubject('IMGetChat'))
  getChat(@Payload() raw: unknown) {
    return this.query(raw, q.IMGetChat, (p, principal): Promise<ImChat | null> => this.chats.chat(p.thread, principal.id, p.seq));
  }

  /** IMGetChatConfiguration: by thread (a chat I am in) or by a room's address; a room elsewhere is not_a_conference_room. */
  @MessagePattern(imChatQuerySubject('IMGetChatConfiguration'))
  getChatConfiguration(@Payload() raw: unknown) {
    return this.query(raw, q.IMGetChatConfiguration, async (p, principal): Promise<ImChatConfiguration> => {
      const me = principal.name.toLowerCase();
      if (p.thread) return this.chats.configurationByThread(p.thread, principal.id, me, p.requestOwnerConfig);
      const room = roomAddress(p.addr!, principal.name);
      if (!this.services(principal).includes(room.service)) return { addr: room.addr, isMuc: false, error: 'not_a_conference_room', vars: [] };
      return this.chats.configurationByAddress(room.addr, me, p.requestOwnerConfig);
    });
  }

  @MessagePattern(imChatQuerySubject('IMListConferenceServices'))
  listConferenceServices(@Payload() raw: unknown) {
    return this.query(raw, q.IMListConferenceServices, async (_, principal): Promise<ImConferenceServices> => ({
      services: this.services(principal).map((addr) => ({ name: addr, addr })),
    }));
  }

  /** IMListConferenceRooms: a service that is not one of ours is im.NOT_A_CONFERENCE_SERVICE (as Zimbra's listRooms). */
  @MessagePattern(imChatQuerySubject('IMListConferenceRooms'))
  listConferenceRooms(@Payload() raw: unknown) {
    return this.query(raw, q.IMListConferenceRooms, async (p, principal): Promise<ImConferenceRooms> => {
      const services = this.services(principal);
      const svc = p.svc?.trim().toLowerCase();
      if (svc !== undefined && !services.includes(svc)) throw notAConferenceService(p.svc!);
      return { rooms: await this.chats.rooms(svc !== undefined ? [svc] : services) };
    });
  }
}
