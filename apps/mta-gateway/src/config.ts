export interface MtaGatewayConfig {
  host: string;
  smtpPort: number;
  lmtpPort: number;
  /** Largest message accepted (SIZE extension); bigger ones are refused with 552. */
  maxMessageBytes: number;
  /** Name in the greeting and Received headers. */
  hostname: string;
}

export function loadMtaGatewayConfig(env: NodeJS.ProcessEnv = process.env): MtaGatewayConfig {
  return {
    host: env.HTTP_HOST ?? '0.0.0.0',
    smtpPort: Number(env.SMTP_PORT ?? 2525),
    lmtpPort: Number(env.LMTP_PORT ?? 7025),
    maxMessageBytes: Number(env.MAX_MESSAGE_BYTES ?? 50 * 1024 * 1024),
    hostname: env.MAIL_HOSTNAME ?? 'groupware.local',
  };
}

export const MTA_GATEWAY_CONFIG = Symbol('MTA_GATEWAY_CONFIG');
