import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { BusReply, BusRequest, Principal } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { ReadModelSet } from '@gw/service-infra';
import { DirectoryAggregate } from '../directory/directory.aggregate';
import { requirePrincipal } from '../directory/directory-commands';
import { effectiveCos } from '../directory/domain/directory-state';
import { MailboxRepository, MailOutcome } from './mailbox.repository';
import { MailboxCommand } from './domain/decide';

/**
 * Runs mail commands and queries on the caller's own mailbox (the principal is the account the
 * request acts as: an admin acting on a user arrives here as that user). A command replies once
 * the read models have it; a query waits for the caller's last write.
 */
@Injectable()
export class MailCommands {
  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly readModels: ReadModelSet,
    private readonly directory: DirectoryAggregate,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** zimbraMailQuota of the account, else of its class of service; 0 means unlimited. */
  quotaOf(accountId: string): number {
    const account = this.directory.current.accounts.get(accountId);
    if (!account) return 0;
    const value = account.attrs.zimbraMailQuota?.[0] ?? effectiveCos(this.directory.current, account)?.attrs.zimbraMailQuota?.[0];
    return Number(value ?? 0) || 0;
  }

  async run(accountId: string, command: MailboxCommand, request: BusRequest, actor: { id: string; name: string }): Promise<MailOutcome> {
    // A change token is a revision of the caller's own mailbox: it says nothing about the
    // mailboxes of others (SendMsg delivering to local recipients).
    const changeCheck = request.principal?.id === accountId ? request.changeCheck : undefined;
    const outcome = await this.mailboxes.execute(accountId, command, { quotaBytes: this.quotaOf(accountId), changeCheck }, actor, request.id);
    if (outcome.position !== null) await this.readModels.waitFor(outcome.position);
    return outcome;
  }

  command<S extends z.ZodTypeAny, R>(
    raw: unknown,
    schema: S,
    toCommand: (payload: z.infer<S>, principal: Principal) => MailboxCommand | Promise<MailboxCommand>,
    reply: (payload: z.infer<S>, outcome: MailOutcome, principal: Principal) => R | Promise<R>,
  ): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request);
      const outcome = await this.run(principal.id, await toCommand(payload, principal), request, principal);
      return { result: await reply(payload, outcome, principal), position: outcome.position ?? undefined };
    });
  }

  /** A request that runs several commands itself (SendMsg); it reports the last position written. */
  compound<S extends z.ZodTypeAny, R>(
    raw: unknown,
    schema: S,
    fn: (payload: z.infer<S>, principal: Principal, request: BusRequest) => Promise<{ result: R; position: bigint | null }>,
  ): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      const { result, position } = await fn(payload, requirePrincipal(request), request);
      return { result, position: position ?? undefined };
    });
  }

  /**
   * A request from another service rather than from a client (delivery from the SMTP/LMTP
   * listeners): no principal, as the internal bus is trusted and no client protocol reaches it.
   */
  service<S extends z.ZodTypeAny, R>(raw: unknown, schema: S, fn: (payload: z.infer<S>, request: BusRequest) => Promise<R>): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => ({ result: await fn(payload, request) }));
  }

  query<S extends z.ZodTypeAny, R>(raw: unknown, schema: S, fn: (payload: z.infer<S>, principal: Principal, request: BusRequest) => Promise<R>): Promise<BusReply<R>> {
    return handleBusRequest(raw, schema, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request);
      await this.readModels.waitFor(request.minPosition);
      return { result: await fn(payload, principal, request) };
    });
  }
}

/** The id of the first item of a kind that a command created. */
const CREATED_ID = { FolderCreated: 'folderId', TagCreated: 'tagId', MessageAdded: 'messageId' } as const;

export function createdItem(outcome: { events: MailOutcome['events'] }, type: keyof typeof CREATED_ID): number | undefined {
  const e = outcome.events.find((x) => x.type === type);
  return e ? ((e.data as Record<string, unknown>)[CREATED_ID[type]] as number) : undefined;
}
