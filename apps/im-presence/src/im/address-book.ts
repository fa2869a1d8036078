import { Injectable } from '@nestjs/common';
import { DomainError, querySubject } from '@gw/contracts';
import { BusClient } from '@gw/nats-bus';
import { refuse } from '../domain/refusals';
import { Party } from '../domain/im-command';

/** Who a typed IM address is: a local account (by its canonical name) or nobody. */
export abstract class AddressBook {
  abstract lookup(address: string): Promise<{ accountId: string; name: string } | null>;

  /**
   * The other party of a request: the address in lower case, in the caller's domain when it has
   * no `@` (soap-im.txt: "missing @ sign and not able to find in default domain"), resolved to a
   * local account; anything else is im.INVALID_ADDRESS.
   */
  async resolve(address: string, callerName: string): Promise<Party> {
    let addr = address.trim().toLowerCase();
    if (!addr.includes('@')) {
      const domain = callerName.split('@')[1];
      if (!domain) throw refuse.invalidAddress(address);
      addr = `${addr}@${domain.toLowerCase()}`;
    }
    if (!/^[^@\s]+@[^@\s]+$/.test(addr)) throw refuse.invalidAddress(address);
    const found = await this.lookup(addr);
    if (!found) throw refuse.invalidAddress(address);
    return { accountId: found.accountId, addr: found.name.toLowerCase() };
  }
}

/** Asks the mailbox service (ResolveRecipient: accounts and aliases, active accounts only). */
@Injectable()
export class BusAddressBook extends AddressBook {
  constructor(private readonly bus: BusClient) {
    super();
  }

  async lookup(address: string): Promise<{ accountId: string; name: string } | null> {
    const reply = await this.bus.request<{ accountId: string; name: string } | null>(querySubject('mailbox', 'ResolveRecipient'), { address });
    if (!reply.ok) throw new DomainError(reply.error.code, reply.error.message);
    return reply.result;
  }
}
