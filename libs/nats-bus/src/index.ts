export * from './config';
export * from './logger';
export * from './handler';
export * from './bus-client';
export * from './bus.module';
export * from './bootstrap';
export * from './health';
export * from './draining-nats-server';
