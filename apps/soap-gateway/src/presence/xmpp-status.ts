import { Inject, Injectable } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { imQuerySubject, ImPresenceResult, PresencePublicationResult, querySubject } from '@gw/contracts';
import { BusClient, LOGGER, Logger } from '@gw/nats-bus';
import { SOAP_GATEWAY_CONFIG, SoapGatewayConfig } from '../config';
import { bareJid, renderPresence } from './presence-stanza';

/** `/xmpp/status/<jid>` on the user port (a bare `/xmpp/status` gets the same 404 as an unknown JID). */
export const XMPP_STATUS_PATH = /^\/xmpp\/status(?:\/(.*))?$/;

export interface XmppStatusAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * XMPP presence over HTTP (seeds/003): `GET /xmpp/status/<jid>` answers the account's `<presence>`
 * stanza where its presence is published. The mailbox service decides publication (domain opt-in,
 * the user's own override); the im-presence service knows the presence. Whatever the reason a JID
 * is not shown — malformed, not hosted, unknown, inactive, not published — the answer is the same
 * 404, so the API does not tell which accounts exist. Answers carry `Cache-Control: public,
 * max-age=PRESENCE_MAX_AGE` so a site can cache them; a backend failure is 503 and never cached.
 */
@Injectable()
export class XmppStatusEdge {
  private readonly cacheHeaders: Record<string, string>;
  private readonly notFound: XmppStatusAnswer;

  constructor(
    private readonly bus: BusClient,
    @Inject(SOAP_GATEWAY_CONFIG) config: SoapGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.cacheHeaders = {
      'Cache-Control': `public, max-age=${config.presenceMaxAgeSeconds}`,
      // A public status badge on another site may fetch it from a script.
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    };
    this.notFound = { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...this.cacheHeaders }, body: 'no published presence\n' };
  }

  async handle(req: IncomingMessage, res: ServerResponse, rawJid: string | undefined): Promise<void> {
    const answer =
      req.method === 'GET' || req.method === 'HEAD'
        ? await this.answer(rawJid ?? '')
        : { status: 405, headers: { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, body: 'presence is read with GET\n' };
    // HEAD: node sends the headers (with the GET's Content-Length) and drops the body.
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  /** The answer for a JID as it appears in the path (still percent-encoded). */
  async answer(rawJid: string): Promise<XmppStatusAnswer> {
    const jid = bareJid(rawJid);
    if (!jid) return this.notFound;
    try {
      const publication = await this.bus.request<PresencePublicationResult>(querySubject('mailbox', 'PresencePublication'), { address: jid });
      if (!publication.ok) return this.unavailable(publication.error);
      if (!publication.result) return this.notFound;
      const presence = await this.bus.request<ImPresenceResult>(imQuerySubject('GetPresence'), { accountId: publication.result.accountId });
      if (!presence.ok) return this.unavailable(presence.error);
      return { status: 200, headers: { 'Content-Type': 'application/xml; charset=utf-8', ...this.cacheHeaders }, body: renderPresence(jid, presence.result) };
    } catch (err) {
      return this.unavailable(err);
    }
  }

  private unavailable(cause: unknown): XmppStatusAnswer {
    this.logger.warn({ err: cause }, 'presence lookup failed');
    return { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '5' }, body: 'presence service temporarily unavailable\n' };
  }
}
