import { INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ServiceName } from '@gw/contracts';
import { microserviceOptions } from './config';
import { DrainingNatsServer } from './draining-nats-server';
import { createLogger, PinoNestLogger } from './logger';

/**
 * Starts a service as a NATS microservice and stops it cleanly on SIGINT/SIGTERM: the transport
 * drains (in-flight requests are answered), then every provider's shutdown hook runs.
 */
export async function startService(service: ServiceName, module: Type<unknown>): Promise<INestMicroservice> {
  const logger = createLogger(service);
  const app = await NestFactory.createMicroservice(module, {
    strategy: new DrainingNatsServer(microserviceOptions(service).options),
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  await app.listen();
  logger.info({ event: 'started' }, `${service} listening on NATS`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${service} stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close().catch((err) => logger.error({ err }, 'error while stopping'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return app;
}
