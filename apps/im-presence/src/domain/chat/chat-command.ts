import { ChatConfigVar, ChatText } from '@gw/contracts';
import { Party } from '../im-command';

/**
 * Commands on one chat (its stream is `imchat-<thread>`). `me` is the acting account; addresses
 * are canonical (the service resolves them). Every command carries its time.
 */
export type ChatCommand =
  /** A new 1:1 chat with `peer` (the service picks the thread). */
  | { type: 'StartDirectChat'; thread: string; me: Party; peer: Party; at: number }
  /** A message, or a typing notice (no subject, body or html). */
  | { type: 'PostMessage'; thread: string; me: Party; subject?: ChatText; body?: ChatText; html?: string; typing: boolean; at: number }
  /** IMModifyChat op=adduser: into a direct chat (it becomes multi-user), or an invitation to a room. */
  | { type: 'AddChatUser'; thread: string; me: Party; user: Party; message: string; at: number }
  /** IMModifyChat op=close: I leave. */
  | { type: 'CloseChat'; thread: string; me: Party; at: number }
  /** IMJoinConferenceRoom: enter `room` (its canonical address), creating it when it does not exist. */
  | { type: 'JoinRoom'; thread: string; room: string; me: Party; nick?: string; password?: string; at: number }
  /** IMModifyChat op=configure (owners); address lists (owners, admins, members, outcasts) are canonical. */
  | { type: 'ConfigureRoom'; thread: string; me: Party; vars: ChatConfigVar[]; at: number }
  /** Moderators: the occupant's role becomes none, they are out. */
  | { type: 'KickOccupant'; thread: string; me: Party; target: Party; reason?: string; at: number }
  /** Owners and admins: the address becomes an outcast, and is out if present. */
  | { type: 'BanUser'; thread: string; me: Party; target: Party; reason?: string; at: number };

export type ChatCommandType = ChatCommand['type'];
