import { ImGatewayService } from '@gw/contracts';
import { loadStoreConfig, StoreConfig } from '@gw/service-infra';

/** An interop service users may register with (soap-im.txt IMGatewayList `<service name type domain>`). */
export type ImGatewayConfig = Omit<ImGatewayService, 'registration'>;

/** The shared store settings (NATS, DATABASE_URL, DATA_DIR/im-presence/read-model, …) and im-presence's own. */
export interface ImPresenceConfig extends StoreConfig {
  /** IM_GATEWAYS: the interop services offered (none by default). */
  gateways: ImGatewayConfig[];
  /** IM_NOTIFICATION_RETENTION_SECONDS: how long IM notifications are kept for sessions to fetch. */
  notificationRetentionMs: number;
  /**
   * IM_CONFERENCE_DOMAINS: domains whose conference service (`conference.<domain>`) every user
   * may use, besides the one of their own domain.
   */
  conferenceDomains: string[];
}

export const DEFAULT_NOTIFICATION_RETENTION_SECONDS = 86_400;

export function loadImPresenceConfig(env: NodeJS.ProcessEnv = process.env): ImPresenceConfig {
  return {
    ...loadStoreConfig('im-presence', env),
    gateways: parseGateways(env.IM_GATEWAYS),
    notificationRetentionMs: notificationRetentionMs(env),
    conferenceDomains: parseConferenceDomains(env.IM_CONFERENCE_DOMAINS),
  };
}

/**
 * IM_GATEWAYS: `name:type:domain` entries separated by commas, e.g.
 * `aim:aim:aim.example.com,msn:msn:msn.example.com`. A malformed value stops the service at
 * start rather than being ignored.
 */
export function parseGateways(value: string | undefined): ImGatewayConfig[] {
  const gateways: ImGatewayConfig[] = [];
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const parts = entry.split(':').map((p) => p.trim());
    const [name, type, domain] = parts;
    if (parts.length !== 3 || !name || !/^[a-z0-9][a-z0-9_-]*$/i.test(type) || !/^[a-z0-9.-]+$/i.test(domain)) {
      throw new Error(`IM_GATEWAYS: "${entry}" is not name:type:domain (e.g. aim:aim:aim.example.com)`);
    }
    if (gateways.some((g) => g.name === name)) throw new Error(`IM_GATEWAYS: service "${name}" is listed twice`);
    gateways.push({ name, type: type.toLowerCase(), domain: domain.toLowerCase() });
  }
  return gateways;
}

/** IM_NOTIFICATION_RETENTION_SECONDS (default one day), in ms. */
export function notificationRetentionMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.IM_NOTIFICATION_RETENTION_SECONDS;
  const seconds = raw === undefined || raw === '' ? DEFAULT_NOTIFICATION_RETENTION_SECONDS : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`IM_NOTIFICATION_RETENTION_SECONDS must be a positive number of seconds, not "${raw}"`);
  return seconds * 1000;
}

/** IM_CONFERENCE_DOMAINS: comma-separated domains, lower-cased; a malformed one stops the service at start. */
export function parseConferenceDomains(value: string | undefined): string[] {
  const domains = (value ?? '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);
  for (const d of domains) {
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(d)) throw new Error(`IM_CONFERENCE_DOMAINS: "${d}" is not a domain`);
  }
  return [...new Set(domains)];
}
