export interface SoapGatewayConfig {
  host: string;
  /** User SOAP (/service/soap), ActiveSync and presence (/xmpp/status). */
  userPort: number;
  /** Admin SOAP (/service/admin/soap), on its own port as in Zimbra. */
  adminPort: number;
  /** Largest request body accepted (Zimbra's zimbraSoapRequestMaxSize defaults to 15 MiB). */
  maxRequestBytes: number;
  maxXmlDepth: number;
  /** zimbra_noop_{default,min,max}_timeout: how long `NoOpRequest wait="1"` may block (ms). */
  noopTimeout: { defaultMs: number; minMs: number; maxMs: number };
  /** `GET /xmpp/status/<jid>`: seconds a cache in front may keep an answer (Cache-Control max-age). */
  presenceMaxAgeSeconds: number;
}

export function loadSoapGatewayConfig(env: NodeJS.ProcessEnv = process.env): SoapGatewayConfig {
  return {
    host: env.HTTP_HOST ?? '0.0.0.0',
    userPort: Number(env.SOAP_PORT ?? 7070),
    adminPort: Number(env.SOAP_ADMIN_PORT ?? 7071),
    maxRequestBytes: Number(env.SOAP_MAX_REQUEST_BYTES ?? 15 * 1024 * 1024),
    maxXmlDepth: Number(env.SOAP_MAX_DEPTH ?? 100),
    noopTimeout: {
      defaultMs: Number(env.NOOP_DEFAULT_TIMEOUT ?? 300) * 1000,
      minMs: Number(env.NOOP_MIN_TIMEOUT ?? 30) * 1000,
      maxMs: Number(env.NOOP_MAX_TIMEOUT ?? 1200) * 1000,
    },
    presenceMaxAgeSeconds: Math.max(0, Math.floor(Number(env.PRESENCE_MAX_AGE ?? 10)) || 0),
  };
}

export const SOAP_GATEWAY_CONFIG = Symbol('SOAP_GATEWAY_CONFIG');
