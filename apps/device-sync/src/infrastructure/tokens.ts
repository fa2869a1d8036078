/** Injection tokens of the device-sync service's infrastructure. */
export const DEVICE_SYNC_CONFIG = Symbol('DEVICE_SYNC_CONFIG');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
