import { ImCommand } from './im-command';
import { ImState } from './im-state';
import type { Decision } from './decide';
import { refuse } from './refusals';

/** The chat commands delivered to a participant's account. */
export type ChatAccountCommand = Extract<
  ImCommand,
  { type: 'JoinChat' | 'LeaveChat' | 'ReceiveChatMessage' | 'ReceiveMessageError' | 'ReceiveChatParticipantChange' | 'ReceiveChatInvitation' }
>;

/** What a chat does to one participant's account stream (privacy lists apply here). Pure. */
export function decideChatAccount(state: ImState, command: ChatAccountCommand): Decision {
  throw refuse.invalid(`not implemented yet: ${command.type}`);
}
