import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { randomUUID } from 'node:crypto';
import { BusReply, BusRequest, ChangeCheck, ErrorCode, Principal } from '@gw/contracts';
import { WrittenPositions } from './written-positions';

export const BUS_CLIENT_PROXY = Symbol('BUS_CLIENT_PROXY');

/**
 * Request/reply over NATS for the gateways: one call, one reply, a bounded wait. A service that
 * does not answer becomes service.TEMPORARILY_UNAVAILABLE rather than a hung client.
 */
export class BusClient {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs: number,
    private readonly positions = new WrittenPositions(),
  ) {}

  /**
   * Read-your-writes across requests: a principal's requests carry the last position that
   * principal wrote through this client, so a read model that lags waits instead of answering
   * with stale data, whichever service instance answers.
   */
  async request<R>(subject: string, payload: unknown, opts: { principal?: Principal; minPosition?: string; id?: string; changeCheck?: ChangeCheck } = {}): Promise<BusReply<R>> {
    const message: BusRequest = { id: opts.id ?? randomUUID(), payload };
    if (opts.principal) message.principal = opts.principal;
    const minPosition = opts.minPosition ?? (opts.principal ? this.positions.get(opts.principal.id) : undefined);
    if (minPosition) message.minPosition = minPosition;
    if (opts.changeCheck) message.changeCheck = opts.changeCheck;
    try {
      const reply = await firstValueFrom(this.proxy.send<BusReply<R>>(subject, message).pipe(timeout(this.timeoutMs)));
      if (reply.ok && reply.position && opts.principal) this.positions.record(opts.principal.id, reply.position);
      return reply;
    } catch (error) {
      // nats says 503; Nest's client says "There are no subscribers listening to that message".
      const text = String((error as { message?: string })?.message ?? error);
      const noResponders = text.includes('503') || text.includes('no subscribers');
      return {
        ok: false,
        error: {
          code: ErrorCode.TEMPORARILY_UNAVAILABLE,
          message: noResponders ? `service temporarily unavailable: no responder for ${subject}` : `service temporarily unavailable: ${subject} did not answer`,
        },
      };
    }
  }

  close(): void {
    this.proxy.close();
  }
}
