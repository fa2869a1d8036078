/**
 * NATS subjects. Commands change state, queries read it; both are served by a queue group named
 * after the service so that any number of instances share the load.
 */
export const SERVICES = ['soap-gateway', 'jsonrpc-gateway', 'mta-gateway', 'mailbox', 'im-presence', 'device-sync', 'notifier'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const commandSubject = (service: ServiceName, name: string) => `cmd.${service}.${name}`;
export const querySubject = (service: ServiceName, name: string) => `qry.${service}.${name}`;
/** Answered by every instance of a service (no queue group), for health checks. */
export const healthSubject = (service: ServiceName) => `health.${service}`;
/** Operations requests (rebuild a read model) — answered by one instance. */
export const opsSubject = (service: ServiceName, name: string) => `ops.${service}.${name}`;
