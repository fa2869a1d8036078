import { Controller, Inject, Injectable, Type } from '@nestjs/common';
import { ClientProxy, MessagePattern } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { healthSubject, SERVICES, ServiceName } from '@gw/contracts';
import { BUS_CLIENT_PROXY } from './bus-client';

/** What every service answers on its health subject. */
export interface HealthReport {
  service: string;
  status: 'ok' | 'degraded';
  pid: number;
  uptimeSeconds: number;
  details?: Record<string, unknown>;
}

export const healthReport = (service: string, details?: Record<string, unknown>, degraded = false): HealthReport => ({
  service,
  status: degraded ? 'degraded' : 'ok',
  pid: process.pid,
  uptimeSeconds: Math.round(process.uptime()),
  ...(details ? { details } : {}),
});

/** A controller answering `health.<service>` for a service with nothing more to report. */
export function healthController(service: ServiceName): Type<unknown> {
  @Controller()
  class HealthController {
    @MessagePattern(healthSubject(service))
    health(): HealthReport {
      return healthReport(service);
    }
  }
  return HealthController;
}

/** Asks every service for its health over NATS; a gateway's /health is ok when all of them answer. */
@Injectable()
export class SystemHealthProbe {
  constructor(@Inject(BUS_CLIENT_PROXY) private readonly proxy: ClientProxy) {}

  async report(): Promise<{ status: 'ok' | 'degraded'; services: Record<string, unknown> }> {
    const services: Record<string, unknown> = {};
    await Promise.all(
      SERVICES.map(async (service) => {
        try {
          services[service] = await firstValueFrom(this.proxy.send(healthSubject(service), {}).pipe(timeout(2000)));
        } catch {
          services[service] = { service, status: 'unreachable' };
        }
      }),
    );
    const ok = Object.values(services).every((s) => (s as { status?: string }).status === 'ok');
    return { status: ok ? 'ok' : 'degraded', services };
  }
}
