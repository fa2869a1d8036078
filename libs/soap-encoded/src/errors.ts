/**
 * The SOAP 1.1 fault codes PHP's SoapServer qualifies with the envelope prefix
 * (`SOAP-ENV:Client`); any other code is written as given (Z-Push's `ERROR`).
 */
export type StandardFaultCode = 'VersionMismatch' | 'MustUnderstand' | 'Client' | 'Server';

/**
 * A request that cannot be served: unreadable or hostile XML, not a SOAP 1.1 rpc call, or values
 * that break the SOAP encoding rules. `faultcode`/`faultstring` are what PHP's SoapServer answers
 * in the same situation, so the edge can reply with `renderRpcFault(err.faultcode, err.faultstring)`;
 * `message` says more precisely what was wrong (for logs).
 */
export class SoapEncodedError extends Error {
  readonly faultcode: string;
  readonly faultstring: string;

  constructor(faultcode: string, faultstring: string, detail?: string) {
    super(detail ?? faultstring);
    this.name = 'SoapEncodedError';
    this.faultcode = faultcode;
    this.faultstring = faultstring;
  }

  /** Not XML, or XML we refuse to read (too large, too deep, bad characters). */
  static badRequest(detail: string): SoapEncodedError {
    return new SoapEncodedError('Client', 'Bad Request', `Bad Request: ${detail}`);
  }

  /** libxml's wording when PHP meets a DOCTYPE; PHP reports it as the server's fault. */
  static dtd(): SoapEncodedError {
    return new SoapEncodedError('Server', 'DTD are not supported by SOAP');
  }

  static wrongVersion(detail: string): SoapEncodedError {
    return new SoapEncodedError('VersionMismatch', 'Wrong Version', `Wrong Version: ${detail}`);
  }

  static client(faultstring: string): SoapEncodedError {
    return new SoapEncodedError('Client', faultstring);
  }

  /** ext/soap's decoding errors ("SOAP-ERROR: Encoding: ..."), sent with faultcode Server. */
  static encoding(what: string, detail?: string): SoapEncodedError {
    const faultstring = `SOAP-ERROR: Encoding: ${what}`;
    return new SoapEncodedError('Server', faultstring, detail ? `${faultstring} (${detail})` : faultstring);
  }
}
