import { z } from 'zod';
import { BusReply, BusRequest, ContextExtension, DomainError, ErrorCode, busRequestSchema } from '@gw/contracts';
import type { Logger } from 'pino';

export interface HandlerContext<P> {
  request: BusRequest<P>;
  payload: P;
}

export interface HandlerOutcome<R> {
  result: R;
  position?: bigint;
  /** Elements for the SOAP response context, when the caller is a SOAP client. */
  contextExtensions?: ContextExtension[];
}

/**
 * Wraps a message handler: validates the envelope and the payload at the service's edge, turns
 * domain refusals into error replies, and hides anything unexpected behind service.FAILURE so no
 * stack trace leaves the service.
 */
export async function handleBusRequest<S extends z.ZodTypeAny, R>(
  raw: unknown,
  schema: S,
  logger: Logger,
  fn: (ctx: HandlerContext<z.infer<S>>) => Promise<HandlerOutcome<R>>,
): Promise<BusReply<R>> {
  const envelope = busRequestSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: { code: ErrorCode.INVALID_REQUEST, message: 'invalid request: malformed bus envelope' } };
  const payload = schema.safeParse(envelope.data.payload ?? {});
  if (!payload.success) {
    const issue = payload.error.issues[0];
    const where = issue?.path.join('.') || 'request';
    return { ok: false, error: { code: ErrorCode.INVALID_REQUEST, message: `invalid request: ${where}: ${issue?.message ?? 'invalid'}` } };
  }
  try {
    const outcome = await fn({ request: envelope.data as BusRequest<z.infer<S>>, payload: payload.data });
    const reply: BusReply<R> = { ok: true, result: outcome.result };
    if (outcome.position !== undefined) reply.position = outcome.position.toString();
    if (outcome.contextExtensions?.length) reply.contextExtensions = outcome.contextExtensions;
    return reply;
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toInfo() };
    logger.error({ err: error, requestId: envelope.data.id }, 'request failed');
    return { ok: false, error: { code: ErrorCode.FAILURE, message: 'system failure: internal error' } };
  }
}
