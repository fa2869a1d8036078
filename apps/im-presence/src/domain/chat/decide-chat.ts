import { ChatText, DomainError, ImChatErrorCode, ImErrorCode, RoomJoinError, RoomJoinStatus } from '@gw/contracts';
import { Effect, ImCommand, Party } from '../im-command';
import { refuse } from '../refusals';
import { ChatCommand } from './chat-command';
import { ChatEvent, OccupantExit } from './chat-events';
import {
  affiliationOf,
  ChatState,
  evolveChat,
  isMember,
  isOwnerOrAdmin,
  localPart,
  occupantAddress,
  occupantOf,
  Occupant,
  RoomState,
  roleFor,
  viewOccupant,
  viewParty,
} from './chat-state';
import { affiliationChanges, defaultRoomConfig, parseRoomConfig } from './room-config';

/**
 * What a chat command does: the events for the chat's stream, the commands the service then runs
 * on the participants' account streams (in order), and the answer where the protocol answers
 * with a result attribute rather than a fault (IMJoinConferenceRoom's status and error,
 * IMModifyChat's not_found and not_allowed). Pure: no clock, no I/O.
 */
export interface ChatDecision {
  events: ChatEvent[];
  effects: Effect[];
  join?: { status: RoomJoinStatus[]; error?: RoomJoinError };
  refused?: 'not_found' | 'not_allowed';
}

type Of<T extends ChatCommand['type']> = Extract<ChatCommand, { type: T }>;
type LeaveReason = Extract<ImCommand, { type: 'LeaveChat' }>['reason'];

export const chatRefusals = {
  noSuchChat: (thread: string) => new DomainError(ImChatErrorCode.NO_SUCH_CHAT, `no such chat: ${thread}`, { thread }),
  notAMuc: (thread: string) => new DomainError(ImErrorCode.NOT_A_MUC_CHAT, `not a multi-user chat: ${thread}`, { thread }),
};

const to = (party: Party, command: ImCommand): Effect => ({ accountId: party.accountId, command });
const refused = (why: 'not_found' | 'not_allowed', effects: Effect[] = []): ChatDecision => ({ events: [], effects, refused: why });
const hasText = (t: ChatText | string | undefined) => (typeof t === 'string' ? t : t?.text ?? '').trim().length > 0;

/** Decisions built step by step: each event is folded in at once, so later steps see it. */
class Outcome {
  readonly events: ChatEvent[] = [];
  readonly effects: Effect[] = [];

  constructor(public state: ChatState) {}

  emit(event: ChatEvent) {
    this.events.push(event);
    this.state = evolveChat(this.state, event);
  }

  get room(): RoomState {
    if (!this.state.room) throw new Error('not a room');
    return this.state.room;
  }

  decision(extra: Partial<ChatDecision> = {}): ChatDecision {
    return { events: this.events, effects: this.effects, ...extra };
  }
}

// ---------------------------------------------------------------- direct chats

function startDirectChat(state: ChatState, c: Of<'StartDirectChat'>): ChatDecision {
  if (c.me.accountId === c.peer.accountId) throw refuse.invalid('you cannot chat with yourself');
  if (state.kind) {
    if (state.kind === 'direct' && isMember(state, c.me.accountId)) return { events: [], effects: [] };
    throw refuse.invalid(`thread ${c.thread} is taken`);
  }
  // The peer's account records the chat with the first message it accepts (its privacy list decides).
  return {
    events: [{ type: 'ChatStarted', data: { thread: c.thread, participants: [c.me, c.peer], at: c.at } }],
    effects: [to(c.me, { type: 'JoinChat', thread: c.thread, at: c.at })],
  };
}

function postDirect(state: ChatState, c: Of<'PostMessage'>): ChatDecision {
  const o = new Outcome(state);
  // A 1:1 chat: the peer who closed it is back with the next message.
  if (!state.adhoc) for (const p of state.pair) if (!isMember(o.state, p.accountId)) o.emit({ type: 'ChatParticipantAdded', data: { party: p, at: c.at } });
  const seq = storeMessage(o, c, c.me.addr);
  for (const p of o.state.participants) {
    if (p.accountId === c.me.accountId) continue;
    o.effects.push(to(p, { type: 'ReceiveChatMessage', me: p, from: c.me, thread: c.thread, ...message(c, seq), bounce: true, at: c.at }));
  }
  return o.decision();
}

/** A message with content gets the next seq and is stored; a typing notice (or a blank one) is not. */
function storeMessage(o: Outcome, c: Of<'PostMessage'>, from: string): number | undefined {
  if (!hasText(c.subject) && !hasText(c.body) && !hasText(c.html)) return undefined;
  const seq = o.state.seq + 1;
  o.emit({
    type: 'ChatMessagePosted',
    data: { seq, from, fromAccountId: c.me.accountId, ts: c.at, ...content(c), at: c.at },
  });
  return seq;
}

const content = (c: Of<'PostMessage'>) => ({
  ...(hasText(c.subject) ? { subject: c.subject } : {}),
  ...(hasText(c.body) ? { body: c.body } : {}),
  ...(hasText(c.html) ? { html: c.html } : {}),
});

const message = (c: Of<'PostMessage'>, seq: number | undefined) => ({
  ts: c.at,
  ...(seq !== undefined ? { seq } : {}),
  ...content(c),
  ...(c.typing ? { typing: true } : {}),
});

function addToDirect(state: ChatState, c: Of<'AddChatUser'>): ChatDecision {
  if (isMember(state, c.user.accountId)) return { events: [], effects: [] };
  const o = new Outcome(state);
  o.emit({ type: 'ChatParticipantAdded', data: { party: c.user, by: c.me.addr, at: c.at } });
  for (const p of state.participants) {
    o.effects.push(to(p, { type: 'ReceiveChatParticipantChange', thread: c.thread, change: 'entered', participant: viewParty(c.user, p.accountId), at: c.at }));
  }
  o.effects.push(
    to(c.user, { type: 'ReceiveChatInvitation', me: c.user, from: c.me, thread: c.thread, addr: c.me.addr, message: c.message, at: c.at }),
    to(c.user, { type: 'JoinChat', thread: c.thread, at: c.at }),
  );
  return o.decision();
}

function closeDirect(state: ChatState, c: Of<'CloseChat'>): ChatDecision {
  const o = new Outcome(state);
  o.emit({ type: 'ChatParticipantLeft', data: { accountId: c.me.accountId, at: c.at } });
  o.effects.push(to(c.me, { type: 'LeaveChat', thread: c.thread, reason: 'closed', at: c.at }));
  for (const p of o.state.participants) {
    o.effects.push(to(p, { type: 'ReceiveChatParticipantChange', thread: c.thread, change: 'left', participant: viewParty(c.me, p.accountId), at: c.at }));
  }
  return o.decision();
}

// ---------------------------------------------------------------- rooms

const occupantParty = (o: Occupant): Party => ({ accountId: o.accountId, addr: o.addr });

/** Tells every occupant but `except` (an account id) about one occupant. */
function tellOccupants(o: Outcome, c: { thread: string; at: number }, change: 'entered' | 'presence' | 'left', nick: string, who: Occupant, status?: RoomJoinStatus[], except?: string) {
  const room = o.room;
  for (const viewer of Object.values(room.occupants)) {
    if (viewer.accountId === except) continue;
    const participant = viewOccupant(room, nick, who, viewer.accountId);
    o.effects.push(to(occupantParty(viewer), { type: 'ReceiveChatParticipantChange', thread: c.thread, change, participant, ...(status ? { status } : {}), at: c.at }));
  }
}

interface Removal {
  nick: string;
  exit: OccupantExit;
  leave: LeaveReason;
  status: RoomJoinStatus[];
}

/**
 * Occupants out of the room: each gets LeaveChat (with the status saying why), the others a
 * `left` change. A room left empty is destroyed unless it is persistent (a locked room never is: it has the defaults).
 */
function removeOccupants(o: Outcome, c: { thread: string; me: Party; at: number; reason?: string }, removals: Removal[]) {
  for (const r of removals) {
    const victim = o.room.occupants[r.nick];
    if (!victim) continue;
    const gone: Occupant = { ...victim, role: 'none' };
    o.emit({ type: 'RoomOccupantLeft', data: { nick: r.nick, reason: r.exit, ...(r.exit !== 'left' ? { by: c.me.addr } : {}), ...(c.reason ? { message: c.reason } : {}), at: c.at } });
    o.effects.push(to(occupantParty(victim), { type: 'LeaveChat', thread: c.thread, reason: r.leave, ...(r.status.length ? { status: r.status } : {}), at: c.at }));
    tellOccupants(o, c, 'left', r.nick, gone, r.status.length ? r.status : undefined);
  }
  const room = o.room;
  if (Object.keys(room.occupants).length === 0 && !room.config.persistent) o.emit({ type: 'RoomDestroyed', data: { at: c.at } });
}

/** Role and affiliation changes of the occupants still there: a `presence` change to everyone. */
function tellChanges(o: Outcome, before: RoomState, c: { thread: string; at: number }) {
  if (!o.state.room) return;
  for (const [nick, now] of Object.entries(o.room.occupants)) {
    const then = before.occupants[nick];
    if (then && (then.role !== now.role || then.affiliation !== now.affiliation)) tellOccupants(o, c, 'presence', nick, now);
  }
}

/** The statuses of a successful entry (XEP-0045 §7.2: 110 self-presence, 172/173 anonymity, 170/171 logging, 210 assigned nick). */
function entryStatus(room: RoomState, nickAssigned: boolean): RoomJoinStatus[] {
  return [
    'OccupantPresence',
    room.config.nonanonymous ? 'NonAnonymous' : 'SemiAnonymous',
    room.config.enablelogging ? 'LoggingEnabled' : 'LoggingDisabled',
    ...(nickAssigned ? (['RoomnickChanged'] as const) : []),
  ];
}

/** Why `me` may not enter (XEP-0045 §7.2), checked from the gravest. */
function admissionError(room: RoomState, c: Of<'JoinRoom'>, nick: string): RoomJoinError | undefined {
  const affiliation = affiliationOf(room, c.me.addr);
  const config = room.config;
  if (affiliation === 'outcast') return 'Banned';
  // A locked room does not exist yet for anyone but its owners (§10.1.1).
  if (room.locked && affiliation !== 'owner') return 'NoSuchRoom';
  if (config.membersonly && affiliation === 'none') return 'NotAMember';
  if (config.passwordprotect && (c.password ?? '') !== config.password) return 'PasswordRequired';
  if (config.reservednick && nick !== localPart(c.me.addr)) return 'MustUseReservedRoomnick';
  const lower = nick.toLowerCase();
  if (Object.entries(room.occupants).some(([n, o]) => n.toLowerCase() === lower && o.accountId !== c.me.accountId)) return 'NicknameConflict';
  if (config.maxusers > 0 && Object.keys(room.occupants).length >= config.maxusers && !isOwnerOrAdmin(affiliation)) return 'MaxUsers';
  return undefined;
}

function joinRoom(state: ChatState, c: Of<'JoinRoom'>): ChatDecision {
  if (state.kind === 'direct') throw refuse.invalid(`thread ${c.thread} is not a room`);
  const nick = c.nick?.trim() || localPart(c.me.addr);
  const assigned = !c.nick?.trim();
  const joined = { type: 'JoinChat', thread: c.thread, room: c.room, at: c.at } as const;
  const o = new Outcome(state);
  const status: RoomJoinStatus[] = [];
  if (!state.kind) {
    // A new room: locked, its creator the owner (XEP-0045 §10.1).
    o.emit({ type: 'RoomCreated', data: { thread: c.thread, addr: c.room, config: defaultRoomConfig(c.at), at: c.at } });
    o.emit({ type: 'RoomAffiliationSet', data: { addr: c.me.addr, affiliation: 'owner', at: c.at } });
    status.push('NewRoomCreated');
  } else {
    const room = o.room;
    const already = occupantOf(room, c.me.accountId);
    // Already in: the same answer again (the account side is repaired by the repeated JoinChat).
    if (already) return { events: [], effects: [to(c.me, joined)], join: { status: entryStatus(room, already[0] !== nick) } };
    const error = admissionError(room, c, nick);
    if (error) return { events: [], effects: [], join: { status: [], error } };
  }
  const affiliation = affiliationOf(o.room, c.me.addr);
  o.emit({ type: 'RoomOccupantJoined', data: { nick, party: c.me, role: roleFor(affiliation, o.room.config), affiliation, at: c.at } });
  status.push(...entryStatus(o.room, assigned));
  // XEP-0045 §7.2.3: the newcomer gets the occupants' presence, then its own with the status
  // codes (soap-im.txt: "look for notification enteredchat"); the others its entry.
  o.effects.push(to(c.me, joined));
  const room = o.room;
  for (const [other, occupant] of Object.entries(room.occupants)) {
    if (other === nick) continue;
    o.effects.push(to(c.me, { type: 'ReceiveChatParticipantChange', thread: c.thread, change: 'entered', participant: viewOccupant(room, other, occupant, c.me.accountId), at: c.at }));
  }
  o.effects.push(to(c.me, { type: 'ReceiveChatParticipantChange', thread: c.thread, change: 'entered', participant: viewOccupant(room, nick, room.occupants[nick], c.me.accountId), status, at: c.at }));
  tellOccupants(o, c, 'entered', nick, room.occupants[nick], undefined, c.me.accountId);
  return o.decision({ join: { status } });
}

function postToRoom(state: ChatState, c: Of<'PostMessage'>, room: RoomState): ChatDecision {
  const [nick, sender] = occupantOf(room, c.me.accountId)!;
  const forbidden = (): ChatDecision => ({
    events: [],
    effects: [to(c.me, { type: 'ReceiveMessageError', thread: c.thread, from: room.addr, ts: c.at, error: 'forbidden', at: c.at })],
  });
  const speaks = hasText(c.subject) || hasText(c.body) || hasText(c.html);
  // A moderated room's visitors have no voice (XEP-0045 §7.4); their typing notices go nowhere.
  if (room.config.moderated && sender.role === 'visitor') return speaks ? forbidden() : { events: [], effects: [] };
  const o = new Outcome(state);
  if (hasText(c.subject)) {
    if (sender.role !== 'moderator' && !room.config.subjectmodifyable) return forbidden();
    o.emit({ type: 'RoomSubjectChanged', data: { subject: c.subject!.text.trim(), by: occupantAddress(room, nick), at: c.at } });
  }
  const from = occupantAddress(room, nick);
  const seq = storeMessage(o, c, from);
  for (const other of Object.values(o.room.occupants)) {
    if (other.accountId === c.me.accountId) continue;
    const party = occupantParty(other);
    o.effects.push(to(party, { type: 'ReceiveChatMessage', me: party, from: { accountId: c.me.accountId, addr: from }, thread: c.thread, ...message(c, seq), bounce: false, at: c.at }));
  }
  return o.decision();
}

function inviteToRoom(state: ChatState, c: Of<'AddChatUser'>, room: RoomState): ChatDecision {
  const mine = affiliationOf(room, c.me.addr);
  if (!room.config.allowinvites && !isOwnerOrAdmin(mine)) return refused('not_allowed');
  const theirs = affiliationOf(room, c.user.addr);
  if (theirs === 'outcast') return refused('not_allowed');
  const o = new Outcome(state);
  o.emit({ type: 'RoomInvitationSent', data: { from: c.me.addr, to: c.user.addr, at: c.at } });
  // A members-only room: an owner's or admin's invitation makes the invitee a member (XEP-0045 §7.8).
  if (room.config.membersonly && isOwnerOrAdmin(mine) && theirs === 'none') {
    o.emit({ type: 'RoomAffiliationSet', data: { addr: c.user.addr, affiliation: 'member', by: c.me.addr, at: c.at } });
  }
  o.effects.push(to(c.user, { type: 'ReceiveChatInvitation', me: c.user, from: c.me, thread: c.thread, addr: room.addr, message: c.message, at: c.at }));
  return o.decision();
}

function configureRoom(state: ChatState, c: Of<'ConfigureRoom'>, room: RoomState): ChatDecision {
  if (affiliationOf(room, c.me.addr) !== 'owner') return refused('not_allowed');
  const { config, lists } = parseRoomConfig(room.config, c.vars);
  const o = new Outcome(state);
  o.emit({ type: 'RoomConfigured', data: { config: { ...config, open: true }, by: c.me.addr, at: c.at } });
  for (const [addr, affiliation] of affiliationChanges(o.room, lists)) o.emit({ type: 'RoomAffiliationSet', data: { addr, affiliation, by: c.me.addr, at: c.at } });
  if (!Object.values(o.room.affiliations).includes('owner')) throw refuse.invalid('a room needs at least one owner');
  const removals: Removal[] = [];
  for (const [nick, occupant] of Object.entries(o.room.occupants)) {
    if (occupant.affiliation === 'outcast') removals.push({ nick, exit: 'banned', leave: 'banned', status: ['YouHaveBeenBanned'] });
    else if (o.room.config.membersonly && occupant.affiliation === 'none') removals.push({ nick, exit: 'membersonly', leave: 'kicked', status: ['RemovedForMembersOnly'] });
  }
  removeOccupants(o, c, removals);
  tellChanges(o, room, c);
  return o.decision();
}

function kick(state: ChatState, c: Of<'KickOccupant'>, room: RoomState): ChatDecision {
  if (occupantOf(room, c.me.accountId)![1].role !== 'moderator') return refused('not_allowed');
  const target = occupantOf(room, c.target.accountId);
  if (!target) throw refuse.invalid(`${c.target.addr} is not in the room`);
  // Owners and admins cannot be kicked (XEP-0045 §8.2), which also keeps moderators from kicking themselves.
  if (isOwnerOrAdmin(target[1].affiliation)) return refused('not_allowed');
  const o = new Outcome(state);
  removeOccupants(o, c, [{ nick: target[0], exit: 'kicked', leave: 'kicked', status: ['KickedFromRoom'] }]);
  return o.decision();
}

function ban(state: ChatState, c: Of<'BanUser'>, room: RoomState): ChatDecision {
  const mine = affiliationOf(room, c.me.addr);
  const theirs = affiliationOf(room, c.target.addr);
  // XEP-0045 §9.1: admins and owners ban; nobody bans an owner, only an owner bans an admin, nobody bans themselves.
  if (!isOwnerOrAdmin(mine) || c.target.addr === c.me.addr || theirs === 'owner' || (theirs === 'admin' && mine !== 'owner')) return refused('not_allowed');
  const o = new Outcome(state);
  if (theirs !== 'outcast') o.emit({ type: 'RoomAffiliationSet', data: { addr: c.target.addr, affiliation: 'outcast', by: c.me.addr, at: c.at } });
  const present = Object.entries(o.room.occupants).filter(([, occupant]) => occupant.addr === c.target.addr);
  removeOccupants(o, c, present.map(([nick]) => ({ nick, exit: 'banned', leave: 'banned', status: ['YouHaveBeenBanned'] })));
  return o.decision();
}

function closeRoom(state: ChatState, c: Of<'CloseChat'>, room: RoomState): ChatDecision {
  const o = new Outcome(state);
  removeOccupants(o, c, [{ nick: occupantOf(room, c.me.accountId)![0], exit: 'left', leave: 'closed', status: [] }]);
  return o.decision();
}

// ---------------------------------------------------------------- dispatch

export function decideChat(state: ChatState, command: ChatCommand): ChatDecision {
  const c = command;
  switch (c.type) {
    case 'StartDirectChat':
      return startDirectChat(state, c);
    case 'JoinRoom':
      return joinRoom(state, c);
  }
  const member = isMember(state, c.me.accountId);
  const room = state.kind === 'room' ? state.room : undefined;
  switch (c.type) {
    case 'PostMessage':
      if (!member) throw chatRefusals.noSuchChat(c.thread);
      return room ? postToRoom(state, c, room) : postDirect(state, c);
    case 'CloseChat':
      // Not in it: my account may still think so; it is told again.
      if (!member) return refused('not_found', [to(c.me, { type: 'LeaveChat', thread: c.thread, reason: 'closed', at: c.at })]);
      return room ? closeRoom(state, c, room) : closeDirect(state, c);
    case 'AddChatUser':
      if (!member) return refused('not_found');
      if (c.user.accountId === c.me.accountId) throw refuse.invalid('you are in this chat already');
      return room ? inviteToRoom(state, c, room) : addToDirect(state, c);
  }
  if (!member) return refused('not_found');
  if (!room) throw chatRefusals.notAMuc(c.thread);
  switch (c.type) {
    case 'ConfigureRoom':
      return configureRoom(state, c, room);
    case 'KickOccupant':
      return kick(state, c, room);
    case 'BanUser':
      return ban(state, c, room);
  }
}

/** Several commands decided in turn on one chat (e.g. start a chat and post its first message), as one decision. */
export function decideChatCommands(state: ChatState, commands: readonly ChatCommand[]): ChatDecision {
  const all: ChatDecision = { events: [], effects: [] };
  let current = state;
  for (const command of commands) {
    const d = decideChat(current, command);
    current = d.events.reduce(evolveChat, current);
    all.events.push(...d.events);
    all.effects.push(...d.effects);
    if (d.join) all.join = d.join;
    if (d.refused) all.refused = d.refused;
  }
  return all;
}
