import { Inject, Injectable } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { commandSubject, Principal, querySubject } from '@gw/contracts';
import { BusClient, LOGGER, Logger } from '@gw/nats-bus';
import { ActiveSyncRequest, ActiveSyncRequestError, readActiveSyncRequest } from './activesync-request';

/** The ActiveSync versions and commands we announce (MS-ASHTTP OPTIONS). */
export const PROTOCOL_VERSIONS = '2.5,12.0,12.1,14.0,14.1';
export const PROTOCOL_COMMANDS = 'Sync,FolderSync,Provision,Settings,Ping';

export interface ActiveSyncReply {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** One ActiveSync command (`Cmd=`), run for an authenticated caller. */
export type ActiveSyncCommand = (request: ActiveSyncRequest, principal: Principal, body: Buffer) => Promise<ActiveSyncReply>;

/**
 * `/Microsoft-Server-ActiveSync` on the user port: OPTIONS, HTTP Basic authentication against
 * our accounts, and dispatch by `Cmd` to the command handlers registered with `register`.
 * A command we do not serve is HTTP 501, as MS-ASHTTP prescribes.
 */
@Injectable()
export class ActiveSyncEdge {
  private readonly commands = new Map<string, ActiveSyncCommand>();

  constructor(
    private readonly bus: BusClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  register(cmd: string, command: ActiveSyncCommand): void {
    this.commands.set(cmd.toLowerCase(), command);
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (req.method === 'OPTIONS') {
      send(res, { status: 200, headers: { 'MS-Server-ActiveSync': '14.1', 'MS-ASProtocolVersions': PROTOCOL_VERSIONS, 'MS-ASProtocolCommands': PROTOCOL_COMMANDS } });
      return;
    }
    if (req.method !== 'POST') {
      send(res, { status: 405, headers: { Allow: 'OPTIONS, POST' } });
      return;
    }
    try {
      const request = readActiveSyncRequest(req);
      const principal = await this.authenticate(request);
      if (!principal) {
        send(res, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="ActiveSync"' }, body: 'authentication required\n' });
        return;
      }
      const command = this.commands.get(request.cmd.toLowerCase());
      if (!command) {
        send(res, { status: 501, body: `command not implemented: ${request.cmd}\n` });
        return;
      }
      send(res, await command(request, principal, body));
    } catch (error) {
      if (error instanceof ActiveSyncRequestError) {
        send(res, { status: error.status, body: `${error.message}\n` });
        return;
      }
      this.logger.error({ err: error }, 'ActiveSync request failed');
      send(res, { status: 500, body: 'internal error\n' });
    }
  }

  /** Basic credentials → the account (an unknown user and a wrong password look the same). */
  private async authenticate(request: ActiveSyncRequest): Promise<Principal | undefined> {
    if (!request.credentials) return undefined;
    const auth = await this.bus.request<{ authToken: string }>(
      commandSubject('mailbox', 'Authenticate'),
      { account: { by: 'name', value: request.credentials.user }, password: request.credentials.password, admin: false },
      { id: randomUUID() },
    );
    if (!auth.ok) {
      if (auth.error.code === 'service.TEMPORARILY_UNAVAILABLE') throw new ActiveSyncRequestError(503, 'service temporarily unavailable');
      return undefined;
    }
    const principal = await this.bus.request<Principal>(querySubject('mailbox', 'VerifyToken'), { authToken: auth.result.authToken }, { id: randomUUID() });
    return principal.ok ? principal.result : undefined;
  }
}

function send(res: ServerResponse, reply: ActiveSyncReply): void {
  const body = reply.body ?? '';
  res.writeHead(reply.status, {
    ...(typeof body === 'string' && body ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}),
    ...reply.headers,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
