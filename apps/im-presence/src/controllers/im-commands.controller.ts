import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { imCommands as c, imCommandSubject, ImSubscribeResult } from '@gw/contracts';
import { ImCommands } from '../im/im-commands.service';

/** The IM requests of a user on their own account (the SOAP edge relays them). */
@Controller()
export class ImCommandsController {
  constructor(private readonly im: ImCommands) {}

  @MessagePattern(imCommandSubject('IMSubscribe'))
  subscribe(@Payload() raw: unknown) {
    return this.im.handle(
      raw,
      c.IMSubscribe,
      async (p, principal, at) => {
        const peer = await this.im.resolve(p.addr, principal);
        const me = this.im.me(principal);
        return p.op === 'remove' ? { type: 'RemoveBuddy', me, peer, at } : { type: 'Subscribe', me, peer, name: p.name, groups: p.groups, at };
      },
      (_, command): ImSubscribeResult => ({ addr: command.type === 'Subscribe' || command.type === 'RemoveBuddy' ? command.peer.addr : '' }),
    );
  }

  @MessagePattern(imCommandSubject('IMAuthorizeSubscribe'))
  authorizeSubscribe(@Payload() raw: unknown) {
    return this.im.handle(
      raw,
      c.IMAuthorizeSubscribe,
      async (p, principal, at) => ({
        type: 'AuthorizeSubscribe',
        me: this.im.me(principal),
        peer: await this.im.resolve(p.addr, principal),
        authorized: p.authorized,
        add: p.add,
        name: p.name,
        groups: p.groups,
        at,
      }),
      () => ({}),
    );
  }

  @MessagePattern(imCommandSubject('IMSetPresence'))
  setPresence(@Payload() raw: unknown) {
    return this.im.handle(
      raw,
      c.IMSetPresence,
      async (p, principal, at) => ({ type: 'SetPresence', me: this.im.me(principal), sessionId: p.sessionId, show: p.show, priority: p.priority, status: p.status, lang: p.lang, at }),
      () => ({}),
    );
  }

  @MessagePattern(imCommandSubject('IMSetIdle'))
  setIdle(@Payload() raw: unknown) {
    return this.im.handle(
      raw,
      c.IMSetIdle,
      async (p, principal, at) => ({ type: 'SetIdle', me: this.im.me(principal), sessionId: p.sessionId, idle: p.isIdle, idleSeconds: p.idleTime, at }),
      () => ({}),
    );
  }

  /** IMGetRoster's asynchronous part: the roster goes out in the next notify block. */
  @MessagePattern(imCommandSubject('IMRequestRoster'))
  requestRoster(@Payload() raw: unknown) {
    return this.im.handle(raw, c.IMRequestRoster, async (_, __, at) => ({ type: 'RequestRoster', at }), () => ({}));
  }

  @MessagePattern(imCommandSubject('IMSetPrivacyList'))
  setPrivacyList(@Payload() raw: unknown) {
    return this.im.handle(
      raw,
      c.IMSetPrivacyList,
      async (p, principal, at) => ({ type: 'SetPrivacyList', me: this.im.me(principal), name: p.name, items: p.items, at }),
      () => ({}),
    );
  }

  /** IMGetPrivacyList: the list goes out in the next notify block. */
  @MessagePattern(imCommandSubject('IMRequestPrivacyList'))
  requestPrivacyList(@Payload() raw: unknown) {
    return this.im.handle(raw, c.IMRequestPrivacyList, async (p, _, at) => ({ type: 'RequestPrivacyList', name: p.name, at }), () => ({}));
  }
}
