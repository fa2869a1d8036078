/** Injection tokens of the mailbox service's infrastructure. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
export const MAILBOX_CONFIG = Symbol('MAILBOX_CONFIG');
export const BLOB_STORE = Symbol('BLOB_STORE');
