import { z } from 'zod';
import { BusReply, BusRequest } from '@gw/contracts';
import { handleBusRequest, Logger } from '@gw/nats-bus';
import type { ReadModelTracker } from './read-model-set';

/**
 * Answers a query over the read models: validates the request, first waits until the read models
 * have caught up with the caller's last write (read your writes), then replies with `fn`'s result.
 */
export function answerQuery<S extends z.ZodTypeAny, R>(
  readModels: ReadModelTracker,
  logger: Logger,
  raw: unknown,
  schema: S,
  fn: (payload: z.infer<S>, request: BusRequest) => Promise<R>,
): Promise<BusReply<R>> {
  return handleBusRequest(raw, schema, logger, async ({ request, payload }) => {
    await readModels.waitFor(request.minPosition);
    return { result: await fn(payload, request) };
  });
}
