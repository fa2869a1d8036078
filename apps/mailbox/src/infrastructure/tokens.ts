/**
 * Injection tokens of the mailbox service's own infrastructure. The NATS connection, the event
 * store and the read-model database have the shared tokens of @gw/service-infra.
 */
export const MAILBOX_CONFIG = Symbol('MAILBOX_CONFIG');
export const BLOB_STORE = Symbol('BLOB_STORE');
