import { SoapHandler, SoapPort } from './soap-handler';

/** Looks handlers up by port, namespace and name. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, SoapHandler>();

  constructor(handlers: SoapHandler[]) {
    for (const h of handlers) {
      const key = HandlerRegistry.key(h.port, h.ns, h.name);
      if (this.handlers.has(key)) throw new Error(`duplicate SOAP handler ${key}`);
      this.handlers.set(key, h);
    }
  }

  private static key(port: SoapPort, ns: string | undefined, name: string) {
    return `${port} ${ns ?? ''} ${name}`;
  }

  find(port: SoapPort, ns: string | undefined, name: string): SoapHandler | undefined {
    return this.handlers.get(HandlerRegistry.key(port, ns, name));
  }

  get size(): number {
    return this.handlers.size;
  }
}
