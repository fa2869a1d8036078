import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { LOGGER, Logger } from '@gw/nats-bus';
import { MTA_GATEWAY_CONFIG, MtaGatewayConfig } from './config';
import { Delivery, DeliveryRefused } from './delivery';

type Session = SMTPServerSession & { localRecipients?: Map<string, string> };

const refusal = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

function readMessage(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * SMTP (for other servers and clients) and LMTP (for a local MTA such as Postfix) listeners that
 * accept mail for local accounts and aliases. Unknown recipients are refused at RCPT time; a
 * message is acknowledged only once its delivery event is durable (LMTP: per recipient).
 */
@Injectable()
export class MailListeners implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly servers: SMTPServer[] = [];

  constructor(
    private readonly delivery: Delivery,
    @Inject(MTA_GATEWAY_CONFIG) private readonly config: MtaGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen(false, this.config.smtpPort);
    await this.listen(true, this.config.lmtpPort);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
  }

  private listen(lmtp: boolean, port: number): Promise<void> {
    const server = new SMTPServer({
      lmtp,
      name: this.config.hostname,
      banner: `${this.config.hostname} groupware ${lmtp ? 'LMTP' : 'ESMTP'}`,
      size: this.config.maxMessageBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (address, session, callback) => void this.rcptTo(address, session as Session).then(() => callback(), callback),
      onData: (stream, session, callback) =>
        void this.data(stream, session as Session, lmtp).then(
          (results) => (callback as (err: Error | null, results?: unknown) => void)(null, results),
          (err) => callback(err),
        ),
    });
    server.on('error', (err) => this.logger.error({ err, lmtp }, 'mail listener error'));
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, this.config.host, () => {
        this.logger.info({ port }, `${lmtp ? 'LMTP' : 'SMTP'} listening`);
        resolve();
      });
    });
  }

  private async rcptTo(address: SMTPServerAddress, session: Session): Promise<void> {
    let account: string | null;
    try {
      account = await this.delivery.resolve(address.address);
    } catch (error) {
      throw error instanceof DeliveryRefused ? refusal(error.smtpCode, error.message) : refusal(451, '4.3.0 temporary failure');
    }
    if (!account) throw refusal(550, `5.1.1 <${address.address}>: no such user here`);
    (session.localRecipients ??= new Map()).set(address.address.toLowerCase(), account);
  }

  private async data(stream: SMTPServerDataStream, session: Session, lmtp: boolean): Promise<unknown> {
    const raw = await readMessage(stream);
    if (stream.sizeExceeded) throw refusal(552, '5.3.4 message too big');
    const recipients = session.envelope.rcptTo.map((r) => session.localRecipients?.get(r.address.toLowerCase()) ?? r.address);
    const blob = await this.delivery.store(raw).catch((e: DeliveryRefused) => {
      throw refusal(e.smtpCode, e.message);
    });
    // An account named twice (by an alias and its name) gets one copy.
    const outcomes = new Map<string, Promise<Error | null>>();
    for (const account of new Set(recipients)) {
      outcomes.set(
        account,
        this.delivery.deliver(blob, account).then(
          () => null,
          (e: unknown) => (e instanceof DeliveryRefused ? refusal(e.smtpCode, e.message) : refusal(451, '4.3.0 temporary failure')),
        ),
      );
    }
    const results = await Promise.all(recipients.map((r) => outcomes.get(r)!));
    this.logger.info({ size: raw.length, recipients: recipients.length, failed: results.filter(Boolean).length }, 'message received');
    if (lmtp) return results.map((r) => r ?? '2.0.0 delivered');
    // SMTP has one answer for the whole message: a failure for anyone makes the sender retry.
    const failed = results.find((r) => r !== null);
    if (failed) throw failed;
    return undefined;
  }
}
