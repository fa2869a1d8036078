export interface ExpressoGatewayConfig {
  host: string;
  port: number;
  /**
   * Largest request body accepted. Bodies carry attachments of Mail/Send (multipart), so the
   * limit follows the largest message the mailbox takes rather than a JSON-sized one.
   */
  maxRequestBytes: number;
  /** What AvailableServers and ExpressoVersion announce. */
  serverName: string;
  serverDescription: string;
  /** Public base URL (`https://mail.example.org`); when unset, the request's Host is used. */
  publicUrl?: string;
  /** Who receives Mail/SendSupportFeedback ("o administrador do expresso"). */
  supportAddress?: string;
}

export function loadExpressoGatewayConfig(env: NodeJS.ProcessEnv = process.env): ExpressoGatewayConfig {
  return {
    host: env.HTTP_HOST ?? '0.0.0.0',
    port: Number(env.EXPRESSO_PORT ?? 8080),
    maxRequestBytes: Number(env.EXPRESSO_MAX_REQUEST_BYTES ?? 25 * 1024 * 1024),
    serverName: env.EXPRESSO_SERVER_NAME ?? env.MAIL_HOSTNAME ?? 'groupware.local',
    serverDescription: env.EXPRESSO_SERVER_DESCRIPTION ?? 'Groupware - Expresso API 2.4',
    publicUrl: env.EXPRESSO_PUBLIC_URL || undefined,
    supportAddress: env.EXPRESSO_SUPPORT_ADDRESS || env.ADMIN_EMAIL || undefined,
  };
}

/** Where the resources live (AvailableServers' serverContext: "/api/rest/"). */
export const SERVER_CONTEXT = '/api/rest/';

export const EXPRESSO_GATEWAY_CONFIG = Symbol('EXPRESSO_GATEWAY_CONFIG');
