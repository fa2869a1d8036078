/**
 * Injection tokens of the device-sync service's own infrastructure. The NATS connection, the event
 * store and the read-model database have the shared tokens of @gw/service-infra.
 */
export const DEVICE_SYNC_CONFIG = Symbol('DEVICE_SYNC_CONFIG');
