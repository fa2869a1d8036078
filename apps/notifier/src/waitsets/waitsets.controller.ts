import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BusRequest, commandSubject, DomainError, ErrorCode, notifierCommands, notifierQueries, Principal, querySubject } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { WaitSets } from './waitsets.service';
import { ChangeTracker } from '../changes/change-tracker';

const principalOf = (request: BusRequest): Principal => {
  if (!request.principal) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no valid authtoken present');
  return request.principal;
};

@Controller()
export class WaitSetsController {
  constructor(
    private readonly waitSets: WaitSets,
    private readonly changes: ChangeTracker,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(commandSubject('notifier', 'CreateWaitSet'))
  create(@Payload() raw: unknown) {
    return handleBusRequest(raw, notifierCommands.CreateWaitSet, this.logger, async ({ request, payload }) => {
      // Read-your-writes: an account the caller just created can be added at once.
      await this.changes.waitFor(request.minPosition);
      return { result: await this.waitSets.create(principalOf(request), payload) };
    });
  }

  @MessagePattern(commandSubject('notifier', 'WaitSet'))
  wait(@Payload() raw: unknown) {
    return handleBusRequest(raw, notifierCommands.WaitSet, this.logger, async ({ request, payload }) => {
      await this.changes.waitFor(request.minPosition);
      return { result: await this.waitSets.wait(principalOf(request), payload) };
    });
  }

  @MessagePattern(commandSubject('notifier', 'DestroyWaitSet'))
  destroy(@Payload() raw: unknown) {
    return handleBusRequest(raw, notifierCommands.DestroyWaitSet, this.logger, async ({ request, payload }) => ({
      result: await this.waitSets.destroy(principalOf(request), payload),
    }));
  }

  @MessagePattern(querySubject('notifier', 'QueryWaitSet'))
  query(@Payload() raw: unknown) {
    return handleBusRequest(raw, notifierQueries.QueryWaitSet, this.logger, async ({ request, payload }) => ({
      result: await this.waitSets.query(principalOf(request), payload.waitSet),
    }));
  }
}
