import { z } from 'zod';
import { commandSubject, querySubject } from './subjects';

/**
 * Chats (soap-im.txt): 1:1 and ad-hoc multi-user chats, and conference rooms (XEP-0045 semantics
 * as Zimbra exposes them). A chat is an aggregate of its own, stream `imchat-<thread>`: its
 * participants, its message history (with per-chat sequence numbers from 1) and, for a room, its
 * configuration and affiliations. What each participant sees (messages, enteredchat, leftchat,
 * invitations) is recorded on their own account stream (`im-<account>`) as ImChatAccountEvent, so
 * that one account's stream holds everything its notify blocks carry.
 *
 * Thread ids are opaque to clients. A room's thread is derived from its address (one room, one
 * thread, whoever joins), a 1:1 chat's is random. Both fit the event store's stream-name rule.
 */
export const IM_CHAT_STREAM_PREFIX = 'imchat-';
export const imChatStream = (thread: string) => `${IM_CHAT_STREAM_PREFIX}${thread}`;
export const THREAD_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Refusals of chat requests beyond ImErrorCode (Zimbra's own code for an unknown thread). */
export const ImChatErrorCode = {
  /** IMSendMessage to a thread the caller is not in (Zimbra MailServiceException.NO_SUCH_CHAT). */
  NO_SUCH_CHAT: 'mail.NO_SUCH_CHAT',
} as const;

/** XEP-0045 roles (while in the room) and affiliations (rights to the room), as soap-im.txt names them. */
export const ROOM_ROLES = ['moderator', 'participant', 'visitor', 'none'] as const;
export type RoomRole = (typeof ROOM_ROLES)[number];
export const ROOM_AFFILIATIONS = ['owner', 'admin', 'member', 'outcast', 'none'] as const;
export type RoomAffiliation = (typeof ROOM_AFFILIATIONS)[number];

/** soap-im.txt IMJoinConferenceRoom status codes. */
export type RoomJoinStatus =
  | 'NewRoomCreated'
  | 'EnteringRoomJIDAvailable'
  | 'AffiliationChange'
  | 'ShowsUnavailableMembers'
  | 'DoesNotShowUnavailableMembers'
  | 'ConfigurationChange'
  | 'OccupantPresence'
  | 'LoggingEnabled'
  | 'LoggingDisabled'
  | 'NonAnonymous'
  | 'SemiAnonymous'
  | 'FullyAnonymous'
  | 'RoomnickChanged'
  | 'YouHaveBeenBanned'
  | 'NewRoomNickname'
  | 'KickedFromRoom'
  | 'RemovedForAffiliationChange'
  | 'RemovedForMembersOnly'
  | 'RemovedShutdown';

/** soap-im.txt IMJoinConferenceRoom error codes (an attribute of the response, not a fault). */
export type RoomJoinError =
  | 'PasswordRequired'
  | 'Banned'
  | 'NoSuchRoom'
  | 'NotAllowed'
  | 'MustUseReservedRoomnick'
  | 'NotAMember'
  | 'NicknameConflict'
  | 'MaxUsers'
  | 'Unknown';

/** soap-im.txt MESSAGE_ERROR_CONDITIONS, carried by a `<n type="message" error=…>` notification. */
export const MESSAGE_ERROR_CONDITIONS = [
  'forbidden',
  'internal_server_error',
  'item_not_found',
  'jid_malformed',
  'not_acceptable',
  'not_allowed',
  'payment_required',
  'recipient_unavailable',
  'redirect',
  'remote_server_not_found',
  'remote_server_timeout',
  'resource_constraint',
  'service_unavailable',
  'undefined_condition',
] as const;
export type MessageErrorCondition = (typeof MESSAGE_ERROR_CONDITIONS)[number];

/**
 * Room configuration (soap-im.txt "Config Vars"). `owners`/`admins` are the affiliation lists; as
 * extensions `members` and `outcasts` (banned addresses) are configurable the same way.
 */
export interface RoomConfig {
  open: boolean;
  creationdate: string;
  publicroom: boolean;
  moderated: boolean;
  persistent: boolean;
  membersonly: boolean;
  nonanonymous: boolean;
  semianonymous: boolean;
  passwordprotect: boolean;
  password: string;
  maxusers: number;
  longname: string;
  description: string;
  subject: string;
  subjectmodifyable: boolean;
  allowinvites: boolean;
  presencebroadcast: string[];
  whois: string[];
  enablelogging: boolean;
  reservednick: boolean;
  canchangenick: boolean;
  allowregister: boolean;
}

/** One chat variable as IMGetChatConfiguration lists it (and IMModifyChat op=configure takes it). */
export interface ChatConfigVar {
  name: string;
  /** Single-valued variables. */
  value?: string;
  /** `multi="1"` variables. */
  values?: string[];
}

/** soap-im.txt `<p>`: a participant as the viewer sees it. */
export interface ChatParticipant {
  addr: string;
  /** The viewer themselves. */
  me?: boolean;
  /** A room occupant's real address where the room reveals it (nonanonymous, or the viewer may see it). */
  fulladdr?: string;
  /** Nickname in a room; the buddy name otherwise. */
  name?: string;
  role?: RoomRole;
  affiliation?: RoomAffiliation;
}

export interface ChatText {
  text: string;
  lang?: string;
}

/** A stored chat message (IMGetChat `<message seq ts from>`). */
export interface ChatMessage {
  seq: number;
  ts: number;
  from: string;
  subject?: ChatText;
  body?: ChatText;
  html?: string;
}

export interface ImChatSummary {
  thread: string;
  /** A room's address; absent for 1:1 and ad-hoc chats. */
  room?: string;
  participants: ChatParticipant[];
}

export interface ImChat extends ImChatSummary {
  isMuc: boolean;
  /** From the requested `seq` on (all when none was asked). */
  messages: ChatMessage[];
}

/**
 * What a chat does to a participant's account stream. The chat aggregate decides these and the
 * service appends them to each account (a privacy list can still drop an incoming message there).
 */
export type ImChatAccountEvent =
  /** I am in this chat now (created, joined or added). */
  | { type: 'ChatJoined'; data: { thread: string; room?: string; at: number } }
  /**
   * I am out of it: I closed it, left, was kicked or banned, or the room was destroyed; `status`
   * says why a room removed me (KickedFromRoom, YouHaveBeenBanned, RemovedForMembersOnly, …).
   */
  | { type: 'ChatLeft'; data: { thread: string; reason: 'closed' | 'left' | 'kicked' | 'banned' | 'destroyed'; status?: RoomJoinStatus[]; at: number } }
  /** A message (or a typing notice, no seq) reached me; `error` reports my own message's failure. */
  | {
      type: 'ChatMessageReceived';
      data: {
        thread: string;
        from: string;
        ts: number;
        seq?: number;
        subject?: ChatText;
        body?: ChatText;
        html?: string;
        typing?: boolean;
        error?: MessageErrorCondition;
        at: number;
      };
    }
  /** Someone else entered, changed role/affiliation in, or left a chat I am in. */
  | {
      type: 'ChatParticipantChanged';
      data: { thread: string; change: 'entered' | 'presence' | 'left'; participant: ChatParticipant; status?: RoomJoinStatus[]; at: number };
    }
  /** An invitation to a chat or room (IMModifyChat op=adduser). */
  | { type: 'ChatInvitationReceived'; data: { thread: string; addr: string; from: string; message: string; at: number } };

const thread = z.string().regex(THREAD_ID, 'invalid thread id');
const address = z.string().trim().min(1).max(256);
const text = z.object({ text: z.string().max(64 * 1024), lang: z.string().max(16).optional() });
const configVar = z.object({ name: z.string().min(1).max(64), value: z.string().max(4096).optional(), values: z.array(z.string().max(4096)).max(1000).optional() });

export const imChatCommands = {
  /**
   * IMSendMessage: to a chat I am in (`thread`) or to an address (an existing 1:1 chat with it, or a
   * new one). No body and no subject with `typing` is a typing notice; without `typing`, a blank
   * message stops the typing indicator. Answers the thread.
   */
  IMSendMessage: z
    .object({
      thread: thread.optional(),
      addr: address.optional(),
      subject: text.optional(),
      body: text.optional(),
      /** XHTML body (the client's `<html>`), kept as sent. */
      html: z.string().max(128 * 1024).optional(),
      typing: z.boolean().default(false),
    })
    .refine((m) => m.thread !== undefined || m.addr !== undefined, 'a message needs a thread or an addr'),
  /** IMJoinConferenceRoom: joins `addr`, creating it (locked, I am its owner) when it does not exist. */
  IMJoinConferenceRoom: z.object({
    addr: address,
    nickname: z.string().trim().min(1).max(256).optional(),
    password: z.string().max(1024).optional(),
    /** A 1:1 chat of mine whose other participants are invited into the room. */
    thread: thread.optional(),
  }),
  /**
   * IMModifyChat. close, adduser and configure as soap-im.txt; kick and ban (an occupant, by their
   * address) are extensions for moderators and owners/admins.
   */
  IMModifyChat: z.object({
    thread,
    op: z.enum(['close', 'adduser', 'configure', 'kick', 'ban']),
    addr: address.optional(),
    /** adduser: the invitation; kick/ban: the reason. */
    message: z.string().max(4096).optional(),
    vars: z.array(configVar).max(200).default([]),
  }),
} as const;

export const imChatQueries = {
  /** IMGetChat: null when the chat is unknown to me (response `error="not_found"`). */
  IMGetChat: z.object({ thread, seq: z.number().int().min(0).optional() }),
  IMGetChatConfiguration: z
    .object({ thread: thread.optional(), addr: address.optional(), requestOwnerConfig: z.boolean().default(false) })
    .refine((q) => q.thread !== undefined || q.addr !== undefined, 'thread or addr is required'),
  IMListConferenceServices: z.object({}),
  /** Rooms of one service (its address), or of all services I can use. */
  IMListConferenceRooms: z.object({ svc: address.optional() }),
} as const;

export type ImChatCommandName = keyof typeof imChatCommands;
export type ImChatQueryName = keyof typeof imChatQueries;
export type ImChatCommandPayload<N extends ImChatCommandName> = z.infer<(typeof imChatCommands)[N]>;
export type ImChatQueryPayload<N extends ImChatQueryName> = z.infer<(typeof imChatQueries)[N]>;
export const imChatCommandSubject = (name: ImChatCommandName) => commandSubject('im-presence', name);
export const imChatQuerySubject = (name: ImChatQueryName) => querySubject('im-presence', name);

export interface ImSendMessageResult {
  thread: string;
}

export interface ImJoinRoomResult {
  thread: string;
  status: RoomJoinStatus[];
  error?: RoomJoinError;
}

export interface ImModifyChatResult {
  thread: string;
  error?: 'not_found' | 'not_allowed';
}

export interface ImChatConfiguration {
  thread?: string;
  addr?: string;
  isMuc: boolean;
  /** `not_found`: a thread the caller is not in (Zimbra IMGetChatConfiguration answers NO_SUCH_CHAT so). */
  error?: 'not_found' | 'not_allowed' | 'no_response_from_remote' | 'not_a_conference_room';
  vars: ChatConfigVar[];
}

export interface ImConferenceServices {
  services: { name: string; addr: string }[];
}

export interface ImConferenceRooms {
  rooms: { name: string; addr: string }[];
}
