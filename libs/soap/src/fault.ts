import { randomBytes } from 'node:crypto';
import { ServiceCode, isSenderCode } from './fault-codes';

/** Zimbra's ServiceException.Argument.Type: how a client should interpret an argument. */
export type FaultArgType = 'IID' | 'ACCTID' | 'STR' | 'NUM';

export interface SoapFaultInit {
  sender?: boolean;
  args?: Record<string, string>;
  /** Types for args (default STR), rendered as the `t` attribute of `<a n=".." t="..">`. */
  argTypes?: Record<string, FaultArgType>;
  /** The Error/Trace value; defaults to a fresh id shaped like Zimbra's "thread:millis:key". */
  trace?: string;
}

/**
 * A Zimbra ServiceException on the wire: code, human message, and whose fault it is.
 * Throw it from anywhere in request handling; the edge renders it with renderSoapFault.
 */
export class SoapFault extends Error {
  readonly code: string;
  /** true: the client's fault (soap:Sender / soap:Client); false: the server's (Receiver / Server). */
  readonly sender: boolean;
  readonly args?: Record<string, string>;
  readonly argTypes?: Record<string, FaultArgType>;
  readonly trace: string;

  constructor(code: string, message: string, init: SoapFaultInit = {}) {
    super(message);
    this.name = 'SoapFault';
    this.code = code;
    this.sender = init.sender ?? isSenderCode(code);
    if (init.args) this.args = init.args;
    if (init.argTypes) this.argTypes = init.argTypes;
    this.trace = init.trace ?? newTraceId();
  }

  // Factories: messages carry the same prefixes as ServiceException's, because clients show them.
  static failure(message: string, args?: Record<string, string>): SoapFault {
    return new SoapFault(ServiceCode.FAILURE, `system failure: ${message}`, { args });
  }
  static invalidRequest(message: string, args?: Record<string, string>): SoapFault {
    return new SoapFault(ServiceCode.INVALID_REQUEST, `invalid request: ${message}`, { args });
  }
  static unknownDocument(name: string): SoapFault {
    return new SoapFault(ServiceCode.UNKNOWN_DOCUMENT, `unknown document: ${name}`);
  }
  static parseError(message: string): SoapFault {
    return new SoapFault(ServiceCode.PARSE_ERROR, `parse error: ${message}`);
  }
  static permDenied(message: string, args?: Record<string, string>): SoapFault {
    return new SoapFault(ServiceCode.PERM_DENIED, `permission denied: ${message}`, { args });
  }
  static authRequired(): SoapFault {
    return new SoapFault(ServiceCode.AUTH_REQUIRED, 'no valid authtoken present');
  }
  static authExpired(message?: string): SoapFault {
    return new SoapFault(ServiceCode.AUTH_EXPIRED, `auth credentials have expired${message ? `: ${message}` : ''}`);
  }
  static wrongHost(target: string): SoapFault {
    return new SoapFault(ServiceCode.WRONG_HOST, `operation sent to wrong host (you want '${target}')`, {
      args: { host: target },
    });
  }
  static proxyError(message: string): SoapFault {
    return new SoapFault(ServiceCode.PROXY_ERROR, `error while proxying request to target server: ${message}`);
  }
  static tooManyHops(): SoapFault {
    return new SoapFault(ServiceCode.TOO_MANY_HOPS, 'mountpoint or proxy loop detected');
  }
  static interrupted(message = ''): SoapFault {
    return new SoapFault(ServiceCode.INTERRUPTED, `The operation has been interrupted ${message}`.trimEnd());
  }
  static notInProgress(message: string): SoapFault {
    return new SoapFault(ServiceCode.NOT_IN_PROGRESS, message);
  }
  static alreadyInProgress(message: string): SoapFault {
    return new SoapFault(ServiceCode.ALREADY_IN_PROGRESS, message);
  }
  static noSpellCheckUrl(message = ''): SoapFault {
    return new SoapFault(ServiceCode.NO_SPELL_CHECK_URL, `Spell Checking Not Available ${message}`.trimEnd());
  }
  static resourceUnreachable(message: string): SoapFault {
    return new SoapFault(ServiceCode.RESOURCE_UNREACHABLE, `resource unreachable: ${message}`);
  }
  static temporarilyUnavailable(): SoapFault {
    return new SoapFault(ServiceCode.TEMPORARILY_UNAVAILABLE, 'service temporarily unavailable');
  }
  static nonReadonlyOperationDenied(): SoapFault {
    return new SoapFault(ServiceCode.NON_READONLY_OPERATION_DENIED, 'non-readonly operation denied');
  }
}

/**
 * Turns anything thrown by a handler into a fault, as SoapEngine does: faults pass through,
 * coded errors (e.g. domain errors carrying a Zimbra code) keep their code, and anything else
 * becomes service.FAILURE so internals never reach the client as a crash.
 */
export function faultFrom(err: unknown): SoapFault {
  if (err instanceof SoapFault) return err;
  if (isCodedError(err)) return new SoapFault(err.code, err.message, { args: err.args });
  return SoapFault.failure(err instanceof Error ? err.message : String(err));
}

function isCodedError(err: unknown): err is { code: string; message: string; args?: Record<string, string> } {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return typeof code === 'string' && /^[a-z]+\.[A-Z_]+$/.test(code) && typeof message === 'string';
}

/** Zimbra's Trace is "thread:millis:random-key"; it lets an operator find the fault in logs. */
function newTraceId(): string {
  return `soap:${Date.now()}:${randomBytes(8).toString('hex')}`;
}
