import pino, { Logger } from 'pino';
import { LoggerService } from '@nestjs/common';

/** Structured JSON logs on stdout, one logger per service. */
export function createLogger(service: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ name: service, level: env.LOG_LEVEL ?? 'info', base: { service, pid: process.pid } });
}

/** Lets Nest's own messages go through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
export type { Logger };
