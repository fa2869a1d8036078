import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { BusReply, BusRequest, DomainError, ErrorCode, Principal } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { ReadModelSet } from '@gw/service-infra';
import { DirectoryAggregate, CommandOutcome } from './directory.aggregate';
import { DirectoryCommand } from './domain/decide';

export function requirePrincipal(request: BusRequest): Principal {
  if (!request.principal) throw new DomainError(ErrorCode.AUTH_REQUIRED, 'no valid authtoken present');
  return request.principal;
}

/** Directory administration needs an admin token; the gateways check it too, we do not rely on that. */
export function requireAdmin(request: BusRequest): Principal {
  const principal = requirePrincipal(request);
  if (!principal.isAdmin) throw new DomainError(ErrorCode.PERM_DENIED, 'permission denied: need admin token');
  return principal;
}

/**
 * Runs directory commands and queries for the controllers. A command replies only once the read
 * model has it, so that a client's next query (on any instance sharing the database) sees its own
 * write; a query carrying a position waits for it.
 */
@Injectable()
export class DirectoryCommands {
  constructor(
    private readonly aggregate: DirectoryAggregate,
    private readonly readModel: ReadModelSet,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(command: DirectoryCommand, request: BusRequest): Promise<CommandOutcome> {
    const outcome = await this.aggregate.execute(command, request.principal, request.id);
    await this.readModel.waitFor(outcome.position);
    return outcome;
  }

  /** An admin-only command: validate, authorize, decide and append, then build the reply. */
  adminCommand<S extends z.ZodTypeAny, R>(
    raw: unknown,
    schema: S,
    toCommand: (payload: z.infer<S>) => DirectoryCommand | Promise<DirectoryCommand>,
    reply: (payload: z.infer<S>, outcome: CommandOutcome) => R | Promise<R>,
  ): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      requireAdmin(request);
      const outcome = await this.run(await toCommand(payload), request);
      return { result: await reply(payload, outcome), position: outcome.position ?? undefined };
    });
  }

  /** An admin-only query over the read model, after the caller's own writes. */
  adminQuery<S extends z.ZodTypeAny, R>(raw: unknown, schema: S, fn: (payload: z.infer<S>) => Promise<R>): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      requireAdmin(request);
      await this.readModel.waitFor(request.minPosition);
      return { result: await fn(payload) };
    });
  }
}

const CREATED_ID: Record<string, string> = {
  AccountCreated: 'accountId',
  DomainCreated: 'domainId',
  CosCreated: 'cosId',
  DistributionListCreated: 'dlId',
};

/** The id of the entry a Create* command made (its first event names it). */
export function createdId(outcome: CommandOutcome): string {
  const event = outcome.events[0];
  const key = event ? CREATED_ID[event.type] : undefined;
  return key ? String((event!.data as Record<string, unknown>)[key]) : '';
}
