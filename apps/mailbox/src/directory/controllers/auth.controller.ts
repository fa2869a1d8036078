import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { authCommands, commandSubject, directoryQueries, querySubject } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { AuthService } from '../auth.service';
import { requireAdmin, requirePrincipal } from '../directory-commands';

/** Authentication requests of both SOAP ports. */
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(commandSubject('mailbox', 'Authenticate'))
  authenticate(@Payload() raw: unknown) {
    return handleBusRequest(raw, authCommands.Authenticate, this.logger, async ({ payload }) => ({
      result: await this.auth.authenticate(payload.account, payload.password, payload.admin),
    }));
  }

  @MessagePattern(commandSubject('mailbox', 'ValidateToken'))
  validateToken(@Payload() raw: unknown) {
    return handleBusRequest(raw, authCommands.ValidateToken, this.logger, async ({ payload }) => ({
      result: this.auth.validate(payload.authToken, payload.admin),
    }));
  }

  @MessagePattern(querySubject('mailbox', 'VerifyToken'))
  verifyToken(@Payload() raw: unknown) {
    return handleBusRequest(raw, directoryQueries.VerifyToken, this.logger, async ({ payload }) => ({
      result: this.auth.actingPrincipal(payload.authToken, payload.onBehalfOf),
    }));
  }

  @MessagePattern(commandSubject('mailbox', 'DelegateAuth'))
  delegateAuth(@Payload() raw: unknown) {
    return handleBusRequest(raw, authCommands.DelegateAuth, this.logger, async ({ request, payload }) => ({
      result: this.auth.delegate(requireAdmin(request), payload.account, payload.durationSeconds),
    }));
  }

  @MessagePattern(commandSubject('mailbox', 'ChangePassword'))
  changePassword(@Payload() raw: unknown) {
    return handleBusRequest(raw, authCommands.ChangePassword, this.logger, async ({ request, payload }) => {
      const { position, ...result } = await this.auth.changePassword(request, payload.account, payload.oldPassword, payload.password);
      return { result, position: position ?? undefined };
    });
  }

  @MessagePattern(commandSubject('mailbox', 'EndSession'))
  endSession(@Payload() raw: unknown) {
    return handleBusRequest(raw, authCommands.EndSession, this.logger, async ({ request }) => {
      const position = await this.auth.endSession(request, requirePrincipal(request));
      return { result: {}, position: position ?? undefined };
    });
  }
}
