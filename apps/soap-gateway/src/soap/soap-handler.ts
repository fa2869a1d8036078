import { ContextExtension, Principal } from '@gw/contracts';
import { SoapContext, SoapElement } from '@gw/soap';
import type { WaiterRegistry } from '../waiting/waiter-registry';

/** Which endpoint a handler is served on. */
export type SoapPort = 'user' | 'admin';

/** What a handler needs to do its work: the caller, and typed access to the services. */
export interface SoapCallContext {
  port: SoapPort;
  principal?: Principal;
  authToken?: string;
  soap: SoapContext;
  /** Sends a command or query over NATS; an error reply is thrown as a SoapFault. */
  call<R>(subject: string, payload: unknown): Promise<R>;
  /** Puts raw content (MIME) into the blob store; commands carry the returned hash. */
  storeContent(content: Buffer): Promise<string>;
  /** Holds blocked requests (WaitSet block="1") until a change, a newer request or the timeout. */
  waiters: WaiterRegistry;
  /** Context extensions the services added to their replies (soap-context-extension.txt). */
  extensions: ContextExtension[];
  /** Set by `NoOpRequest wait="1"`: the session turn waits for notifications before answering. */
  noopWait?: { requestedMs?: number; limitToOneBlocked: boolean; disallowed?: boolean };
}

/**
 * One SOAP request document (e.g. `CreateAccountRequest` in `urn:zimbraAdmin`). A handler maps
 * the element to a command or query and the reply back to a response element: no rule of the
 * domain lives here.
 */
export interface SoapHandler {
  ns: string;
  name: string;
  port: SoapPort;
  /** `none`: no token needed (AuthRequest); `user`: any valid token; `admin`: an admin token. */
  auth: 'none' | 'user' | 'admin';
  handle(request: SoapElement, ctx: SoapCallContext): Promise<SoapElement>;
}

export const responseName = (requestName: string) => requestName.replace(/Request$/, 'Response');
