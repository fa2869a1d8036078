/** Injection tokens of the notifier's infrastructure. */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
