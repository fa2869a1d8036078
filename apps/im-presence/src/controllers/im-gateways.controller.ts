import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { imCommands as c, imCommandSubject, ImGatewayListResult, ImGatewayRegisterResult, imQueries as q, imQuerySubject } from '@gw/contracts';
import { LOGGER, Logger } from '@gw/nats-bus';
import { answerQuery, ReadModelSet } from '@gw/service-infra';
import { gatewayRegisterResult } from '../domain/decide-presence';
import { requirePrincipal } from '../domain/refusals';
import { ImCommands } from '../im/im-commands.service';
import { ImGateways } from '../im/gateways';
import { ImReadModel } from '../im/im.read-model';

/** Interop gateways (soap-im.txt IMGatewayList, IMGatewayRegister) over the configured services. */
@Controller()
export class ImGatewaysController {
  /** The service's clock: the registration state follows my presence now. */
  now: () => number = Date.now;

  constructor(
    private readonly im: ImCommands,
    private readonly readModel: ImReadModel,
    private readonly readModels: ReadModelSet,
    private readonly gateways: ImGateways,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** result="0" for a service that is not configured (nothing is recorded then). */
  @MessagePattern(imCommandSubject('IMGatewayRegister'))
  register(@Payload() raw: unknown) {
    return this.im.handle(
      raw,
      c.IMGatewayRegister,
      async (p, _, at) => ({ type: 'RegisterGateway', op: p.op, service: p.service, name: p.name, known: this.gateways.has(p.service), at }),
      (run, command): ImGatewayRegisterResult => ({ result: command.type === 'RegisterGateway' && gatewayRegisterResult(run.outcome.state, command) }),
    );
  }

  @MessagePattern(imQuerySubject('IMGatewayList'))
  list(@Payload() raw: unknown) {
    return answerQuery(this.readModels, this.logger, raw, q.IMGatewayList, async (_, request): Promise<ImGatewayListResult> => {
      const { id } = requirePrincipal(request.principal);
      const [registrations, presence] = await Promise.all([this.readModel.gatewayRegistrations(id), this.readModel.presence(id, this.now())]);
      return { services: this.gateways.list(registrations, presence) };
    });
  }
}
