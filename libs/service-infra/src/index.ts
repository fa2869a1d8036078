export * from './tokens';
export * from './config';
export * from './store-infrastructure.module';
export * from './read-model-set';
export * from './rebuild.controller';
export * from './health.controller';
export * from './aggregate-repository';
export * from './read-your-writes-query';
