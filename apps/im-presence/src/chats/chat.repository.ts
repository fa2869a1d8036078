import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { imChatStream } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { AggregateOutcome, AggregateRepository, EVENT_STORE } from '@gw/service-infra';
import { ChatCommand } from '../domain/chat/chat-command';
import { ChatEvent, CHAT_EVENT_SCHEMA_VERSION } from '../domain/chat/chat-events';
import { ChatState, emptyChat, evolveChat } from '../domain/chat/chat-state';
import { ChatDecision, decideChatCommands } from '../domain/chat/decide-chat';
import { ImActor } from '../im/im.repository';

/** What chat commands did: the committed events and position, with the decision's effects and answers. */
export type ChatOutcome = AggregateOutcome<ChatState, ChatEvent> & Omit<ChatDecision, 'events'>;

/**
 * Chats and rooms, one stream each (`imchat-<thread>`), folded on demand and cached (see
 * AggregateRepository). A room's thread is derived from its address, so two first joins race on
 * the stream's expected revision (`no_stream`) and the loser decides again as a joiner.
 */
@Injectable()
export class ChatRepository extends AggregateRepository<ChatState, ChatEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, {
      streamName: imChatStream,
      initialState: () => emptyChat(),
      evolve: (state, event) => evolveChat(state, event),
      schemaVersion: CHAT_EVENT_SCHEMA_VERSION,
      cacheSize: 2000,
      busyMessage: 'chat busy, try again',
    });
  }

  /** Decides `commands` in turn on the chat and appends what they decided as one commit. */
  async execute(thread: string, commands: readonly ChatCommand[], actor: ImActor, commandId: string = randomUUID()): Promise<ChatOutcome> {
    // The decision that was committed (the last one, after any retry).
    let decided: ChatDecision = { events: [], effects: [] };
    const outcome = await this.handle(
      thread,
      (state) => {
        decided = decideChatCommands(state, commands);
        return decided.events;
      },
      { commandId, actor, at: commands[0]?.at },
    );
    const { events: _events, ...rest } = decided;
    return { ...outcome, ...rest };
  }
}
