/**
 * Injection tokens of the notifier's own infrastructure. The NATS connection, the event store and
 * the read-model database have the shared tokens of @gw/service-infra.
 */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
