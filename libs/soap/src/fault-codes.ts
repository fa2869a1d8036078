/**
 * Zimbra's global error codes (soap.txt "global soap/system errors") and whose fault each is.
 *
 * The sender/receiver split follows com.zimbra.common.service.ServiceException and the
 * account/mail exception classes: almost everything is the client's fault; the receiver
 * (server) codes below are the ones Zimbra raises with RECEIVERS_FAULT.
 */
export const ServiceCode = {
  FAILURE: 'service.FAILURE',
  INVALID_REQUEST: 'service.INVALID_REQUEST',
  UNKNOWN_DOCUMENT: 'service.UNKNOWN_DOCUMENT',
  PARSE_ERROR: 'service.PARSE_ERROR',
  PERM_DENIED: 'service.PERM_DENIED',
  AUTH_REQUIRED: 'service.AUTH_REQUIRED',
  AUTH_EXPIRED: 'service.AUTH_EXPIRED',
  WRONG_HOST: 'service.WRONG_HOST',
  PROXY_ERROR: 'service.PROXY_ERROR',
  TOO_MANY_HOPS: 'service.TOO_MANY_HOPS',
  INTERRUPTED: 'service.INTERRUPTED',
  NOT_IN_PROGRESS: 'service.NOT_IN_PROGRESS',
  ALREADY_IN_PROGRESS: 'service.ALREADY_IN_PROGRESS',
  NO_SPELL_CHECK_URL: 'service.NO_SPELL_CHECK_URL',
  RESOURCE_UNREACHABLE: 'service.RESOURCE_UNREACHABLE',
  TEMPORARILY_UNAVAILABLE: 'service.TEMPORARILY_UNAVAILABLE',
  NON_READONLY_OPERATION_DENIED: 'service.NON_READONLY_OPERATION_DENIED',
} as const;
export type ServiceCode = (typeof ServiceCode)[keyof typeof ServiceCode];

/** Codes Zimbra raises as the server's fault (soap:Receiver / soap:Server). */
const RECEIVER_CODES: ReadonlySet<string> = new Set([
  ServiceCode.FAILURE,
  ServiceCode.PROXY_ERROR,
  ServiceCode.INTERRUPTED,
  ServiceCode.NO_SPELL_CHECK_URL,
  ServiceCode.RESOURCE_UNREACHABLE,
  ServiceCode.TEMPORARILY_UNAVAILABLE,
  'service.LICENSE_ERROR',
  'service.NOT_FOUND',
  'account.MAINTENANCE_MODE',
  'account.ACCOUNT_INACTIVE',
  'account.TOO_MANY_ACCOUNTS',
  'account.TOO_MANY_SEARCH_RESULTS',
  'mail.MAINTENANCE',
  'mail.TRY_AGAIN',
]);

/** Whether Zimbra reports this code as the client's fault (Sender/Client). */
export function isSenderCode(code: string): boolean {
  return !RECEIVER_CODES.has(code);
}
