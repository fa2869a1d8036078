import { Inject, Injectable } from '@nestjs/common';
import { commandSubject, querySubject } from '@gw/contracts';
import { BLOB_STORE, BusClient } from '@gw/nats-bus';
import { BlobStore } from '@gw/blob-store';

export class DeliveryRefused extends Error {
  constructor(
    readonly smtpCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Asks the mailbox service who an address is, and delivers raw messages to local accounts. */
@Injectable()
export class Delivery {
  constructor(
    private readonly bus: BusClient,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The canonical address of a local recipient (account or alias), or null. */
  async resolve(address: string): Promise<string | null> {
    const reply = await this.bus.request<{ accountId: string; name: string } | null>(querySubject('mailbox', 'ResolveRecipient'), { address });
    if (!reply.ok) throw new DeliveryRefused(451, '4.3.0 temporary failure looking up the recipient, try again later');
    return reply.result?.name ?? null;
  }

  async store(raw: Buffer): Promise<string> {
    try {
      return (await this.blobs.put(raw)).hash;
    } catch {
      throw new DeliveryRefused(451, '4.3.0 temporary failure storing the message, try again later');
    }
  }

  /** Resolves only when the delivery event is durable: only then may the sender hear 250. */
  async deliver(blob: string, recipient: string): Promise<void> {
    const reply = await this.bus.request(commandSubject('mailbox', 'DeliverMessage'), { blob, recipient });
    if (reply.ok) return;
    if (reply.error.code === 'mail.QUOTA_EXCEEDED') throw new DeliveryRefused(552, '5.2.2 mailbox full');
    if (reply.error.code === 'account.NO_SUCH_ACCOUNT') throw new DeliveryRefused(550, '5.1.1 no such user');
    throw new DeliveryRefused(451, `4.3.0 temporary failure delivering the message: ${reply.error.code}`);
  }
}
