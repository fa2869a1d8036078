import { ChatParticipant, RoomAffiliation, RoomConfig, RoomRole } from '@gw/contracts';
import { Party } from '../im-command';
import { ChatEvent } from './chat-events';

/** A room occupant (keyed by nickname in the room). Affiliation and role follow the room's lists and configuration. */
export interface Occupant {
  accountId: string;
  /** The occupant's real (bare) address. */
  addr: string;
  role: RoomRole;
  affiliation: RoomAffiliation;
}

export interface RoomState {
  /** The room's canonical address, room@conference.domain. */
  addr: string;
  config: RoomConfig;
  /** A new room is locked until an owner configures it (XEP-0045 §10.1). */
  locked: boolean;
  /** Affiliations other than none, by bare address. */
  affiliations: Record<string, Exclude<RoomAffiliation, 'none'>>;
  occupants: Record<string, Occupant>;
}

/**
 * One chat, plain data (the read model keeps it as JSON and folds later events into it with the
 * same `evolveChat`). No `kind`: no chat (never started, or a room that was destroyed).
 */
export interface ChatState {
  thread?: string;
  kind?: 'direct' | 'room';
  createdAt?: number;
  /** The seq of the last stored message (messages count from 1). */
  seq: number;
  /** Direct chats: who is in it now. */
  participants: Party[];
  /** Direct chats: the two who started it; while no one else was added, the peer of a 1:1 chat comes back with the next message. */
  pair: Party[];
  /** Someone was added: an ad-hoc multi-user chat. */
  adhoc: boolean;
  room?: RoomState;
}

export const emptyChat = (thread?: string): ChatState => ({ ...(thread ? { thread } : {}), seq: 0, participants: [], pair: [], adhoc: false });

/** XEP-0045 default roles: owners and admins moderate; a moderated room gives non-members a voiceless visitor role. */
export function roleFor(affiliation: RoomAffiliation, config: RoomConfig): RoomRole {
  if (affiliation === 'owner' || affiliation === 'admin') return 'moderator';
  if (affiliation === 'outcast') return 'none';
  if (config.moderated && affiliation === 'none') return 'visitor';
  return 'participant';
}

export const affiliationOf = (room: RoomState, addr: string): RoomAffiliation => room.affiliations[addr] ?? 'none';

export const isOwnerOrAdmin = (affiliation: RoomAffiliation) => affiliation === 'owner' || affiliation === 'admin';

/** The bare address without a resource (room@service/nick → room@service). */
export const bareAddress = (addr: string) => addr.split('/')[0];

export const localPart = (addr: string) => addr.slice(0, addr.indexOf('@') < 0 ? addr.length : addr.indexOf('@'));

/** An occupant's address in the room (XEP-0045 occupant JID). */
export const occupantAddress = (room: RoomState, nick: string) => `${room.addr}/${nick}`;

/** The nickname and occupant of an account in a room. */
export function occupantOf(room: RoomState, accountId: string): [string, Occupant] | undefined {
  return Object.entries(room.occupants).find(([, o]) => o.accountId === accountId);
}

/** Is the account in the chat now (a direct participant or a room occupant)? */
export function isMember(state: ChatState, accountId: string): boolean {
  if (state.kind === 'direct') return state.participants.some((p) => p.accountId === accountId);
  if (state.kind === 'room' && state.room) return occupantOf(state.room, accountId) !== undefined;
  return false;
}

/** The accounts in the chat now. */
export function members(state: ChatState): Party[] {
  if (state.kind === 'room' && state.room) return Object.values(state.room.occupants).map((o) => ({ accountId: o.accountId, addr: o.addr }));
  return state.kind === 'direct' ? state.participants : [];
}

/**
 * An occupant as `viewer` (an account id) sees them: real addresses (fulladdr) only in
 * non-anonymous rooms, to moderators, and of oneself.
 */
export function viewOccupant(room: RoomState, nick: string, occupant: Occupant, viewer: string): ChatParticipant {
  const me = occupant.accountId === viewer;
  const reveal = me || room.config.nonanonymous || occupantOf(room, viewer)?.[1].role === 'moderator';
  return {
    addr: occupantAddress(room, nick),
    ...(me ? { me: true } : {}),
    ...(reveal ? { fulladdr: occupant.addr } : {}),
    name: nick,
    role: occupant.role,
    affiliation: occupant.affiliation,
  };
}

export const viewParty = (party: Party, viewer: string): ChatParticipant => ({ addr: party.addr, ...(party.accountId === viewer ? { me: true } : {}) });

/** Everyone in the chat as `viewer` sees them (IMGetChat, IMGetRoster `<pcps>`). */
export function participantsFor(state: ChatState, viewer: string): ChatParticipant[] {
  const room = state.room;
  if (state.kind === 'room' && room) {
    return Object.entries(room.occupants)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([nick, o]) => viewOccupant(room, nick, o, viewer));
  }
  return state.participants.map((p) => viewParty(p, viewer));
}

/** Occupants' affiliation and role as the room's lists and configuration make them. */
function settle(room: RoomState): RoomState {
  const occupants: Record<string, Occupant> = {};
  for (const [nick, o] of Object.entries(room.occupants)) {
    const affiliation = affiliationOf(room, o.addr);
    occupants[nick] = { ...o, affiliation, role: roleFor(affiliation, room.config) };
  }
  return { ...room, occupants };
}

function withRoom(state: ChatState, change: (room: RoomState) => RoomState): ChatState {
  return state.room ? { ...state, room: change(state.room) } : state;
}

const sameParty = (a: Party) => (b: Party) => a.accountId === b.accountId;

/** Folds one event into the chat (a new state; the old one is untouched). */
export function evolveChat(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case 'ChatStarted': {
      const d = event.data;
      return { ...emptyChat(d.thread), kind: 'direct', createdAt: d.at, participants: d.participants, pair: d.participants };
    }
    case 'ChatParticipantAdded': {
      const { party } = event.data;
      const participants = state.participants.some(sameParty(party)) ? state.participants : [...state.participants, party];
      return { ...state, participants, adhoc: state.adhoc || !state.pair.some(sameParty(party)) };
    }
    case 'ChatParticipantLeft':
      return { ...state, participants: state.participants.filter((p) => p.accountId !== event.data.accountId) };
    case 'ChatMessagePosted':
      return { ...state, seq: event.data.seq };
    case 'RoomCreated': {
      const d = event.data;
      return { ...emptyChat(d.thread), kind: 'room', createdAt: d.at, room: { addr: d.addr, config: d.config, locked: true, affiliations: {}, occupants: {} } };
    }
    case 'RoomAffiliationSet':
      return withRoom(state, (room) => {
        const affiliations = { ...room.affiliations };
        if (event.data.affiliation === 'none') delete affiliations[event.data.addr];
        else affiliations[event.data.addr] = event.data.affiliation;
        return settle({ ...room, affiliations });
      });
    case 'RoomOccupantJoined': {
      const d = event.data;
      return withRoom(state, (room) => ({
        ...room,
        occupants: { ...room.occupants, [d.nick]: { accountId: d.party.accountId, addr: d.party.addr, role: d.role, affiliation: d.affiliation } },
      }));
    }
    case 'RoomOccupantLeft':
      return withRoom(state, (room) => {
        const occupants = { ...room.occupants };
        delete occupants[event.data.nick];
        return { ...room, occupants };
      });
    case 'RoomConfigured':
      return withRoom(state, (room) => settle({ ...room, config: event.data.config, locked: false }));
    case 'RoomSubjectChanged':
      return withRoom(state, (room) => ({ ...room, config: { ...room.config, subject: event.data.subject } }));
    case 'RoomDestroyed':
      return emptyChat(state.thread);
    default:
      // RoomInvitationSent is a record for the audit trail.
      return state;
  }
}
