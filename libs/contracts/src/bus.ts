import { z } from 'zod';
import { ErrorInfo } from './errors';

/** The authenticated caller of a command or query, resolved by a gateway from the auth token. */
export interface Principal {
  id: string;
  name: string;
  isAdmin: boolean;
  /** Id of the auth token, so EndSession can void exactly that token. */
  tokenId: string;
  /** Set on delegated tokens: the admin acting as this account (audit). */
  delegatedBy?: string;
  /** When the token expires (ms since epoch); GetInfo reports the remaining lifetime. */
  expiresAt?: number;
}

export const principalSchema = z.object({
  id: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  tokenId: z.string(),
  delegatedBy: z.string().optional(),
  expiresAt: z.number().optional(),
});

/**
 * What travels on every command and query subject. Positions are decimal strings because
 * event-store positions are bigints and JSON has none.
 */
export interface BusRequest<P = unknown> {
  /** Command id: becomes the causation id of the events it produces. */
  id: string;
  principal?: Principal;
  /** Read-your-writes: a query waits until the read model has passed this position. */
  minPosition?: string;
  /**
   * Zimbra's `<change token="N" type="mod|new"/>`: a command that would modify an item changed
   * (type mod) or created or rewritten (type new) after revision N fails with mail.MODIFY_CONFLICT.
   */
  changeCheck?: ChangeCheck;
  payload: P;
}

export interface ChangeCheck {
  /** A mailbox revision (decimal string). */
  token: string;
  type: 'mod' | 'new';
}

/**
 * An element a service adds to the SOAP response context (soap-context-extension.txt): a direct
 * child of `<context>`, usually in its own namespace. Clients that do not know it ignore it.
 */
export interface ContextExtension {
  name: string;
  ns: string;
  attrs?: Record<string, string | number | boolean>;
  text?: string;
  children?: Omit<ContextExtension, 'ns'>[];
}

export type BusReply<R = unknown> =
  | { ok: true; result: R; position?: string; contextExtensions?: ContextExtension[] }
  | { ok: false; error: ErrorInfo };

export const busRequestSchema = z.object({
  id: z.string().min(1),
  principal: principalSchema.optional(),
  minPosition: z.string().regex(/^\d+$/).optional(),
  changeCheck: z.object({ token: z.string().regex(/^\d+$/), type: z.enum(['mod', 'new']) }).optional(),
  payload: z.unknown(),
});
