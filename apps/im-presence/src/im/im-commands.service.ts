import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BusReply, Principal } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { ReadModelSet } from '@gw/service-infra';
import { requirePrincipal } from '../domain/refusals';
import { Effect, ImCommand, Party } from '../domain/im-command';
import { ImActor, ImOutcome, ImRepository } from './im.repository';
import { AddressBook } from './address-book';

/** How many hops an effect may cause (request → automatic approval → nothing more). */
const MAX_HOPS = 4;

export interface ImRun {
  outcome: ImOutcome;
  /** The highest position written by the command and its effects. */
  position: bigint | null;
}

/**
 * Runs IM commands for the controllers: stamps them with the clock, appends to the caller's
 * stream, then delivers the effects to the other accounts' streams in order (see the domain's
 * `decide` on consistency), and replies once the read model has all of it.
 */
@Injectable()
export class ImCommands {
  /** The service's clock; the domain never reads one. */
  now: () => number = Date.now;

  constructor(
    private readonly repository: ImRepository,
    private readonly readModels: ReadModelSet,
    private readonly addresses: AddressBook,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(accountId: string, command: ImCommand, actor: ImActor, commandId: string = randomUUID()): Promise<ImRun> {
    const outcome = await this.repository.execute(accountId, command, actor, commandId);
    const delivered = await this.deliver(outcome.effects, actor);
    const position = later(outcome.position, delivered);
    if (position !== null) await this.readModels.waitFor(position);
    return { outcome, position };
  }

  /**
   * Runs effects on the other accounts' streams in order, depth first (each one's own effects
   * before the next), and returns the highest position written. Chats deliver through here too.
   */
  async deliver(effects: Effect[], actor: ImActor): Promise<bigint | null> {
    let position: bigint | null = null;
    let pending = effects.map((effect) => ({ effect, hop: 1 }));
    while (pending.length) {
      const [{ effect, hop }, ...rest] = pending;
      pending = rest;
      if (hop > MAX_HOPS) continue;
      const next = await this.repository.execute(effect.accountId, effect.command, actor);
      position = later(position, next.position);
      pending = [...next.effects.map((e) => ({ effect: e, hop: hop + 1 })), ...pending];
    }
    return position;
  }

  /** The caller as a party of a subscription. */
  me(principal: Principal): Party {
    return { accountId: principal.id, addr: principal.name.toLowerCase() };
  }

  resolve(address: string, principal: Principal): Promise<Party> {
    return this.addresses.resolve(address, principal.name);
  }

  /** A bus request carrying a command on the caller's own account. */
  handle<S extends z.ZodTypeAny, R>(
    raw: unknown,
    schema: S,
    toCommand: (payload: z.infer<S>, principal: Principal, at: number) => Promise<ImCommand>,
    reply: (run: ImRun, command: ImCommand) => R,
  ): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request.principal);
      const command = await toCommand(payload, principal, this.now());
      const run = await this.run(principal.id, command, { id: principal.id, name: principal.name }, request.id);
      return { result: reply(run, command), position: run.position ?? undefined };
    });
  }
}

/** The later of two positions (null: nothing written). */
export function later(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
