// A harness for the pure domain: several accounts, commands run through decide and evolve, and
// the effects delivered to the other account in order, as the service does.
import { ImEvent, ImShow, RosterItem } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { Effect, ImCommand, Party } from '../src/domain/im-command';
import { emptyIm, evolve, ImState } from '../src/domain/im-state';

export const ALICE: Party = { accountId: 'acct-alice', addr: 'alice@example.org' };
export const BOB: Party = { accountId: 'acct-bob', addr: 'bob@example.org' };
export const CAROL: Party = { accountId: 'acct-carol', addr: 'carol@example.net' };

export class World {
  readonly states = new Map<string, ImState>();
  /** Every append, in order: [accountId, event type]. */
  readonly log: [string, string][] = [];
  /** Every event appended, in order, with the account it went to. */
  readonly events: [string, ImEvent][] = [];
  /** When set, effects are not delivered (an interrupted request). */
  dropEffects = false;

  state(party: Party): ImState {
    return this.states.get(party.accountId) ?? emptyIm();
  }

  run(accountId: string, command: ImCommand): ImEvent[] {
    const decision = decide(this.states.get(accountId) ?? emptyIm(), command);
    this.states.set(accountId, decision.events.reduce(evolve, this.states.get(accountId) ?? emptyIm()));
    for (const e of decision.events) {
      this.log.push([accountId, e.type]);
      this.events.push([accountId, e]);
    }
    if (!this.dropEffects) this.deliver(decision.effects);
    return decision.events;
  }

  private deliver(effects: Effect[]) {
    for (const effect of effects) this.run(effect.accountId, effect.command);
  }

  item(of: Party, buddy: Party): RosterItem | undefined {
    return this.state(of).roster.get(buddy.addr);
  }

  /** [subscription, ask] of `of`'s item for `buddy`, or undefined. */
  sub(of: Party, buddy: Party): [string, string | undefined] | undefined {
    const i = this.item(of, buddy);
    return i && [i.subscription, i.ask];
  }

  subscribe(me: Party, peer: Party, at = 1, extra: { name?: string; groups?: string[] } = {}) {
    return this.run(me.accountId, { type: 'Subscribe', me, peer, at, ...extra });
  }

  authorize(me: Party, peer: Party, authorized: boolean, add = false, at = 2) {
    return this.run(me.accountId, { type: 'AuthorizeSubscribe', me, peer, authorized, add, at });
  }

  remove(me: Party, peer: Party, at = 3) {
    return this.run(me.accountId, { type: 'RemoveBuddy', me, peer, at });
  }

  /** `me` and `peer` subscribed to each other (both). */
  befriend(me: Party, peer: Party, at = 1) {
    this.subscribe(me, peer, at);
    this.authorize(peer, me, true, true, at);
    this.authorize(me, peer, true, false, at);
  }

  setPresence(me: Party, show: ImShow, at: number, extra: { sessionId?: string; priority?: number; status?: string } = {}) {
    return this.run(me.accountId, { type: 'SetPresence', me, sessionId: extra.sessionId ?? 'web', show, priority: extra.priority ?? 0, status: extra.status, at });
  }

  /** What reached `of` as PeerPresenceReceived, in order: [from, presence]. */
  received(of: Party) {
    return this.events.flatMap(([accountId, e]) => (accountId === of.accountId && e.type === 'PeerPresenceReceived' ? [[e.data.from, e.data.presence] as const] : []));
  }
}
