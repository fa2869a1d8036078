import { z } from 'zod';
import { BusReply, Principal } from '@gw/contracts';
import { ExpressoGatewayConfig } from '../config';
import { UploadedFile } from './codec';

/** What a resource needs to do its work: the caller, the call, and typed access to the services. */
export interface ExpressoContext {
  /** The resource's name, `Mail/Folders`: bus errors map to Expresso errors by it. */
  resource: string;
  /** Set for resources that need a session; absent for Login, AvailableServers, ExpressoVersion. */
  principal?: Principal;
  /** The caller's Expresso `auth` as sent (Login with an existing session answers it back). */
  auth?: string;
  files: UploadedFile[];
  /** `http(s)://host` the client reached, for AvailableServers. */
  baseUrl: string;
  config: ExpressoGatewayConfig;
  /** A command or query as the caller (or as `principal`); an error reply is thrown as an ExpressoError. */
  call<R>(subject: string, payload: unknown, principal?: Principal): Promise<R>;
  /** The same, with the reply returned as is, for callers that handle a refusal themselves. */
  request<R>(subject: string, payload: unknown, principal?: Principal): Promise<BusReply<R>>;
  /** Puts raw content (MIME) into the blob store; commands carry the returned hash. */
  storeContent(content: Buffer): Promise<string>;
}

/**
 * One Expresso resource (`POST /api/rest/Mail/Folders`). It validates its params with `params`
 * and maps the call to commands and queries and their replies back to the seed's shapes; no
 * rule of the domain lives here.
 */
export interface ExpressoResource<S extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  /** `session`: `auth` must name a live session (every call after Login). */
  auth: 'none' | 'session';
  /** Resources the reference server also answers on GET (ExpressoVersion). */
  allowGet?: boolean;
  params: S;
  handle(params: z.output<S>, ctx: ExpressoContext): Promise<unknown>;
}

export function resource<S extends z.ZodTypeAny>(
  name: string,
  auth: ExpressoResource['auth'],
  params: S,
  handle: (params: z.output<S>, ctx: ExpressoContext) => Promise<unknown>,
  options: { allowGet?: boolean } = {},
): ExpressoResource<S> {
  return { name, auth, params, handle, ...options };
}

/** Looks resources up by name, ignoring case and surrounding slashes (`/mail/folders/`). */
export class ResourceRegistry {
  private readonly byName = new Map<string, ExpressoResource>();

  constructor(resources: ExpressoResource[]) {
    for (const r of resources) {
      const key = r.name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`duplicate Expresso resource ${r.name}`);
      this.byName.set(key, r);
    }
  }

  find(name: string): ExpressoResource | undefined {
    return this.byName.get(name.replace(/^\/+|\/+$/g, '').toLowerCase());
  }

  get size(): number {
    return this.byName.size;
  }
}
