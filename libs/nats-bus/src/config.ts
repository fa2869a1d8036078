import { NatsOptions, Transport } from '@nestjs/microservices';
import { ServiceName } from '@gw/contracts';

/** NATS servers from NATS_URL (comma separated for a cluster). */
export function natsServers(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',').map((s) => s.trim()).filter(Boolean);
}

/** A service listens in a queue group named after itself, so extra instances share the load. */
export function microserviceOptions(service: ServiceName, env: NodeJS.ProcessEnv = process.env): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: natsServers(env),
      queue: service,
      name: service,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    },
  };
}

/** How long a gateway waits for a service before answering "temporarily unavailable". */
export const requestTimeoutMs = (env: NodeJS.ProcessEnv = process.env) => Number(env.BUS_TIMEOUT_MS ?? 15000);
