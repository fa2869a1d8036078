import { ChatText, RoomAffiliation, RoomConfig, RoomRole } from '@gw/contracts';
import { Party } from '../im-command';

export const CHAT_EVENT_SCHEMA_VERSION = 1;

/** Why a room occupant is gone (the account side gets the matching LeaveChat reason and status). */
export type OccupantExit = 'left' | 'kicked' | 'banned' | 'membersonly';

/**
 * The events of a chat's own stream (`imchat-<thread>`): who is in it, its message history and,
 * for a room, its configuration, affiliations and occupants. What the participants see is
 * recorded on their account streams (ImChatAccountEvent), delivered as effects.
 */
export type ChatEvent =
  /** A 1:1 chat between two accounts (the starter first). */
  | { type: 'ChatStarted'; data: { thread: string; participants: Party[]; at: number } }
  /** Someone entered a direct chat: added by a participant (`by`, an ad-hoc multi-user chat), or the 1:1 peer back. */
  | { type: 'ChatParticipantAdded'; data: { party: Party; by?: string; at: number } }
  | { type: 'ChatParticipantLeft'; data: { accountId: string; at: number } }
  /** A stored message: `from` as participants see it (an address, or a room occupant's room@service/nick). */
  | {
      type: 'ChatMessagePosted';
      data: { seq: number; from: string; fromAccountId: string; ts: number; subject?: ChatText; body?: ChatText; html?: string; at: number };
    }
  /** A new room, locked until its first configuration. */
  | { type: 'RoomCreated'; data: { thread: string; addr: string; config: RoomConfig; at: number } }
  /** An address's affiliation (`none` takes it away). */
  | { type: 'RoomAffiliationSet'; data: { addr: string; affiliation: RoomAffiliation; by?: string; at: number } }
  | { type: 'RoomOccupantJoined'; data: { nick: string; party: Party; role: RoomRole; affiliation: RoomAffiliation; at: number } }
  | { type: 'RoomOccupantLeft'; data: { nick: string; reason: OccupantExit; by?: string; message?: string; at: number } }
  /** The whole configuration after an owner's change; the room is unlocked from then on. */
  | { type: 'RoomConfigured'; data: { config: RoomConfig; by: string; at: number } }
  | { type: 'RoomSubjectChanged'; data: { subject: string; by: string; at: number } }
  | { type: 'RoomInvitationSent'; data: { from: string; to: string; at: number } }
  /** A temporary room left empty: gone, with its history and affiliations. */
  | { type: 'RoomDestroyed'; data: { at: number } };

export type ChatEventType = ChatEvent['type'];
