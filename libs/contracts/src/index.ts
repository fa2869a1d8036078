export * from './subjects';
export * from './errors';
export * from './bus';
export * from './directory';
export * from './directory-events';
export * from './mail';
export * from './mail-events';
export * from './notifier';
