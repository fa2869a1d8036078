/** Injection tokens of a service's store infrastructure, shared by every service that has one. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');
/** The service's configuration, seen as its `StoreConfig` part (an alias of the service's own config token). */
export const STORE_CONFIG = Symbol('STORE_CONFIG');
/** The service's projections, as handed to `readModelProviders`. */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** Options of the `ReadModelSet`. */
export const READ_MODEL_SET_OPTIONS = Symbol('READ_MODEL_SET_OPTIONS');
/** What the health and rebuild controllers ask for the read models' position (a `ReadModelTracker`). */
export const READ_MODELS = Symbol('READ_MODELS');
