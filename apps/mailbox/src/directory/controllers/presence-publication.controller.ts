import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { directoryQueries as q, PresencePublicationResult, querySubject } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { DirectoryAggregate } from '../directory.aggregate';
import { presencePublication } from '../domain/presence-publication';

/**
 * For the HTTP presence edge: whose presence may be shown for an address. Trusted (no principal),
 * and answered from the live directory state: one lookup per public request, no database.
 */
@Controller()
export class PresencePublicationController {
  constructor(
    private readonly directory: DirectoryAggregate,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(querySubject('mailbox', 'PresencePublication'))
  publication(@Payload() raw: unknown) {
    return handleBusRequest(raw, q.PresencePublication, this.logger, async ({ payload }): Promise<{ result: PresencePublicationResult }> => ({
      result: presencePublication(this.directory.current, payload.address),
    }));
  }
}
