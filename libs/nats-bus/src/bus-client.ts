import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { randomUUID } from 'node:crypto';
import { BusReply, BusRequest, ErrorCode, Principal } from '@gw/contracts';

export const BUS_CLIENT_PROXY = Symbol('BUS_CLIENT_PROXY');

/**
 * Request/reply over NATS for the gateways: one call, one reply, a bounded wait. A service that
 * does not answer becomes service.TEMPORARILY_UNAVAILABLE rather than a hung client.
 */
export class BusClient {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs: number,
  ) {}

  async request<R>(subject: string, payload: unknown, opts: { principal?: Principal; minPosition?: string; id?: string } = {}): Promise<BusReply<R>> {
    const message: BusRequest = { id: opts.id ?? randomUUID(), payload };
    if (opts.principal) message.principal = opts.principal;
    if (opts.minPosition) message.minPosition = opts.minPosition;
    try {
      return await firstValueFrom(this.proxy.send<BusReply<R>>(subject, message).pipe(timeout(this.timeoutMs)));
    } catch (error) {
      const noResponders = String((error as { message?: string })?.message ?? error).includes('503');
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
