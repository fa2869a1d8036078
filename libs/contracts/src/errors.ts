/**
 * Error codes shared by every service. They are Zimbra's codes because the SOAP edge is the
 * strictest client of them; the other edges (Expresso, Z-Push) map them to their own dialect.
 */
export const ErrorCode = {
  FAILURE: 'service.FAILURE',
  INVALID_REQUEST: 'service.INVALID_REQUEST',
  UNKNOWN_DOCUMENT: 'service.UNKNOWN_DOCUMENT',
  PARSE_ERROR: 'service.PARSE_ERROR',
  PERM_DENIED: 'service.PERM_DENIED',
  AUTH_REQUIRED: 'service.AUTH_REQUIRED',
  AUTH_EXPIRED: 'service.AUTH_EXPIRED',
  TEMPORARILY_UNAVAILABLE: 'service.TEMPORARILY_UNAVAILABLE',
  AUTH_FAILED: 'account.AUTH_FAILED',
  INVALID_PASSWORD: 'account.INVALID_PASSWORD',
  INVALID_ATTR_NAME: 'account.INVALID_ATTR_NAME',
  INVALID_ATTR_VALUE: 'account.INVALID_ATTR_VALUE',
  NO_SUCH_ACCOUNT: 'account.NO_SUCH_ACCOUNT',
  NO_SUCH_ALIAS: 'account.NO_SUCH_ALIAS',
  NO_SUCH_DOMAIN: 'account.NO_SUCH_DOMAIN',
  NO_SUCH_COS: 'account.NO_SUCH_COS',
  NO_SUCH_DISTRIBUTION_LIST: 'account.NO_SUCH_DISTRIBUTION_LIST',
  NO_SUCH_MEMBER: 'account.NO_SUCH_MEMBER',
  MEMBER_EXISTS: 'account.MEMBER_EXISTS',
  ACCOUNT_EXISTS: 'account.ACCOUNT_EXISTS',
  DOMAIN_EXISTS: 'account.DOMAIN_EXISTS',
  COS_EXISTS: 'account.COS_EXISTS',
  DISTRIBUTION_LIST_EXISTS: 'account.DISTRIBUTION_LIST_EXISTS',
  DOMAIN_NOT_EMPTY: 'account.DOMAIN_NOT_EMPTY',
  ACCOUNT_INACTIVE: 'account.ACCOUNT_INACTIVE',
  MAINTENANCE_MODE: 'account.MAINTENANCE_MODE',
  TOO_MANY_SEARCH_RESULTS: 'account.TOO_MANY_SEARCH_RESULTS',
  NO_SUCH_RIGHT: 'account.NO_SUCH_RIGHT',
  NO_SUCH_GRANTEE: 'account.NO_SUCH_GRANTEE',
  NO_SUCH_FOLDER: 'mail.NO_SUCH_FOLDER',
  NO_SUCH_MSG: 'mail.NO_SUCH_MSG',
  NO_SUCH_CONV: 'mail.NO_SUCH_CONV',
  NO_SUCH_TAG: 'mail.NO_SUCH_TAG',
  NO_SUCH_ITEM: 'mail.NO_SUCH_ITEM',
  NO_SUCH_PART: 'mail.NO_SUCH_PART',
  ALREADY_EXISTS: 'mail.ALREADY_EXISTS',
  INVALID_NAME: 'mail.INVALID_NAME',
  CANNOT_CONTAIN: 'mail.CANNOT_CONTAIN',
  IMMUTABLE_OBJECT: 'mail.IMMUTABLE_OBJECT',
  MODIFY_CONFLICT: 'mail.MODIFY_CONFLICT',
  QUOTA_EXCEEDED: 'mail.QUOTA_EXCEEDED',
  QUERY_PARSE_ERROR: 'mail.QUERY_PARSE_ERROR',
  SEND_FAILURE: 'mail.SEND_FAILURE',
  NO_SUCH_WAITSET: 'admin.NO_SUCH_WAITSET',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorInfo {
  code: string;
  message: string;
  args?: Record<string, string>;
}

/** A refusal decided by the domain: travels over the bus as data and becomes a fault at the edge. */
export class DomainError extends Error implements ErrorInfo {
  constructor(
    readonly code: string,
    message: string,
    readonly args?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toInfo(): ErrorInfo {
    return this.args ? { code: this.code, message: this.message, args: this.args } : { code: this.code, message: this.message };
  }
}

export const invalidRequest = (message: string) => new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: ${message}`);
