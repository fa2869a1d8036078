/** JetStream API error codes (`err_code`) this adapter reacts to; stable across server versions. */
export const JsApiError = {
  StreamNotFound: 10059,
  StreamNameInUse: 10058,
  NoMessageFound: 10037,
  WrongLastSequence: 10071,
} as const;

/** nats.js attaches the server's error body as `api_error`; anything else has no code. */
export function jsApiErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const apiError = (error as { api_error?: { err_code?: unknown } }).api_error;
  return typeof apiError?.err_code === 'number' ? apiError.err_code : undefined;
}

export function isJsApiError(error: unknown, code: number): boolean {
  return jsApiErrorCode(error) === code;
}

/**
 * The server reports the sequence it found ("wrong last sequence: 42"); using it avoids a second
 * round trip whose answer could already be newer than the check that failed.
 */
export function lastSequenceFromWrongSequenceError(error: unknown): bigint | undefined {
  const description = (error as { api_error?: { description?: unknown } }).api_error?.description;
  const match = typeof description === 'string' ? /wrong last sequence: (\d+)/.exec(description) : null;
  return match ? BigInt(match[1]) : undefined;
}
