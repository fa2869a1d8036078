// A harness for the pure chat domain: chats decided with decideChat and folded with evolveChat,
// their effects run on the accounts with decide/evolve (and those effects' effects), in order,
// as the service does. Every account event is kept with its data.
import { ImEvent, PrivacyItem } from '@gw/contracts';
import { decide } from '../src/domain/decide';
import { Effect, ImCommand, Party } from '../src/domain/im-command';
import { emptyIm, evolve, ImState } from '../src/domain/im-state';
import { ChatCommand } from '../src/domain/chat/chat-command';
import { ChatEvent } from '../src/domain/chat/chat-events';
import { ChatState, emptyChat, evolveChat } from '../src/domain/chat/chat-state';
import { ChatDecision, decideChat } from '../src/domain/chat/decide-chat';

export const party = (name: string): Party => ({ accountId: `acct-${name}`, addr: `${name}@example.org` });
export const ALICE = party('alice');
export const BOB = party('bob');
export const CAROL = party('carol');
export const DAVE = party('dave');
export const ROOM = 'lounge@conference.example.org';
export const ROOM_THREAD = 'room-lounge';
export const DIRECT = 'chat-1';

export class ChatWorld {
  readonly chats = new Map<string, ChatState>();
  readonly accounts = new Map<string, ImState>();
  /** Every account append, in order. */
  readonly log: { accountId: string; event: ImEvent }[] = [];
  /** The chat events of the last command. */
  last: ChatEvent[] = [];
  at = 1000;

  chat(thread: string): ChatState {
    return this.chats.get(thread) ?? emptyChat();
  }

  account(p: Party): ImState {
    return this.accounts.get(p.accountId) ?? emptyIm();
  }

  /** Decides on the chat, folds its events, delivers its effects; returns the decision. */
  run(command: ChatCommand): ChatDecision {
    const decision = decideChat(this.chat(command.thread), command);
    this.chats.set(command.thread, decision.events.reduce(evolveChat, this.chat(command.thread)));
    this.last = decision.events;
    this.deliver(decision.effects);
    return decision;
  }

  deliver(effects: Effect[]) {
    for (const e of effects) this.runAccount(e.accountId, e.command);
  }

  runAccount(accountId: string, command: ImCommand) {
    const state = this.accounts.get(accountId) ?? emptyIm();
    const d = decide(state, command);
    this.accounts.set(accountId, d.events.reduce(evolve, state));
    for (const event of d.events) this.log.push({ accountId, event });
    this.deliver(d.effects);
  }

  /** The account events of `p` recorded from now on (call, act, then read). */
  watch(p: Party): () => ImEvent[] {
    const from = this.log.length;
    return () => this.log.slice(from).filter((x) => x.accountId === p.accountId).map((x) => x.event);
  }

  deny(p: Party, items: PrivacyItem[]) {
    this.accounts.set(p.accountId, evolve(this.account(p), { type: 'PrivacyListSet', data: { list: { name: 'default', items }, at: this.at } }));
  }

  // Commands, each a tick later.
  tick() {
    return ++this.at;
  }
  start(me: Party, peer: Party, thread = DIRECT) {
    return this.run({ type: 'StartDirectChat', thread, me, peer, at: this.tick() });
  }
  say(me: Party, text: string, thread = DIRECT, extra: Partial<Extract<ChatCommand, { type: 'PostMessage' }>> = {}) {
    return this.run({ type: 'PostMessage', thread, me, body: text ? { text } : undefined, typing: false, at: this.tick(), ...extra });
  }
  typing(me: Party, thread = DIRECT) {
    return this.run({ type: 'PostMessage', thread, me, typing: true, at: this.tick() });
  }
  add(me: Party, user: Party, thread = DIRECT, message = 'join us') {
    return this.run({ type: 'AddChatUser', thread, me, user, message, at: this.tick() });
  }
  close(me: Party, thread = DIRECT) {
    return this.run({ type: 'CloseChat', thread, me, at: this.tick() });
  }
  join(me: Party, extra: { nick?: string; password?: string } = {}) {
    return this.run({ type: 'JoinRoom', thread: ROOM_THREAD, room: ROOM, me, at: this.tick(), ...extra });
  }
  configure(me: Party, vars: Record<string, string | string[]>) {
    const list = Object.entries(vars).map(([name, v]) => (Array.isArray(v) ? { name, values: v } : { name, value: v }));
    return this.run({ type: 'ConfigureRoom', thread: ROOM_THREAD, me, vars: list, at: this.tick() });
  }
  kick(me: Party, target: Party) {
    return this.run({ type: 'KickOccupant', thread: ROOM_THREAD, me, target, at: this.tick() });
  }
  ban(me: Party, target: Party) {
    return this.run({ type: 'BanUser', thread: ROOM_THREAD, me, target, at: this.tick() });
  }

  /** Alice's configured room (open, defaults otherwise) with the given extra variables, then these occupants joined. */
  openRoom(vars: Record<string, string | string[]> = {}, ...occupants: Party[]) {
    this.join(ALICE);
    this.configure(ALICE, vars);
    for (const p of occupants) this.join(p);
  }

  occupants(): Record<string, { accountId: string; role: string; affiliation: string }> {
    return this.chat(ROOM_THREAD).room?.occupants ?? {};
  }
}

export const types = (events: { type: string }[]) => events.map((e) => e.type);
