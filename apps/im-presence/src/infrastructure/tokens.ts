/** Injection tokens of the im-presence service's own infrastructure (the store ones are @gw/service-infra's). */
export const IM_PRESENCE_CONFIG = Symbol('IM_PRESENCE_CONFIG');
