import { Controller, Inject, Optional } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { BusReply, BusRequest, ImNotifications, imQueries as q, imQuerySubject, ImPresenceResult, ImRoster } from '@gw/contracts';
import { LOGGER, Logger } from '@gw/nats-bus';
import { answerQuery, ReadModelSet } from '@gw/service-infra';
import { ImReadModel } from '../im/im.read-model';
import { ChatReadModel } from '../chats/chat.read-model';
import { requirePrincipal } from '../domain/refusals';

/** Queries over the IM read model; each first waits for the caller's last write. */
@Controller()
export class ImQueriesController {
  /** The service's clock: presence ages are relative to the question. */
  now: () => number = Date.now;

  constructor(
    private readonly readModel: ImReadModel,
    private readonly readModels: ReadModelSet,
    @Inject(LOGGER) private readonly logger: Logger,
    /** IMGetRoster's `<chats>`. */
    @Optional() private readonly chats?: ChatReadModel,
  ) {}

  private query<S extends z.ZodTypeAny, R>(raw: unknown, schema: S, fn: (payload: z.infer<S>, request: BusRequest) => Promise<R>): Promise<BusReply<R>> {
    return answerQuery(this.readModels, this.logger, raw, schema, fn);
  }

  /** IMGetRoster: the caller's presence, buddies and pending requests. */
  @MessagePattern(imQuerySubject('IMGetRoster'))
  getRoster(@Payload() raw: unknown) {
    return this.query(raw, q.IMGetRoster, async (_, request): Promise<ImRoster> => {
      const accountId = requirePrincipal(request.principal).id;
      const roster = await this.readModel.roster(accountId, this.now());
      return this.chats ? { ...roster, chats: await this.chats.chatsOf(accountId) } : roster;
    });
  }

  /**
   * For the HTTP presence edge, which decides publication (domain and user opt-in) and never
   * tells unknown accounts apart: an account without any presence is simply unavailable.
   */
  @MessagePattern(imQuerySubject('GetPresence'))
  getPresence(@Payload() raw: unknown) {
    return this.query(raw, q.GetPresence, async (p): Promise<ImPresenceResult> => ({ accountId: p.accountId, ...(await this.readModel.presence(p.accountId, this.now())) }));
  }

  /** The caller's IM notifications after `since` (for the notifier's session turn), oldest first. */
  @MessagePattern(imQuerySubject('GetImNotifications'))
  getNotifications(@Payload() raw: unknown) {
    return this.query(raw, q.GetImNotifications, async (p, request): Promise<ImNotifications> => {
      const principal = requirePrincipal(request.principal);
      return this.readModel.notifications(principal.id, BigInt(p.since), p.limit, principal.name.toLowerCase());
    });
  }
}
