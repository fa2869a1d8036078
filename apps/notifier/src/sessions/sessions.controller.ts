import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, DomainError, ErrorCode, notifierCommands } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { Sessions } from './sessions.service';

@Controller()
export class SessionsController {
  constructor(
    private readonly sessions: Sessions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(commandSubject('notifier', 'SessionTurn'))
  turn(@Payload() raw: unknown) {
    return handleBusRequest(raw, notifierCommands.SessionTurn, this.logger, async ({ request, payload }) => {
      if (!request.principal) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no valid authtoken present');
      return { result: await this.sessions.turn(request.principal, payload, request.minPosition) };
    });
  }
}
