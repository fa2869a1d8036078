import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IM_EVENT_SCHEMA_VERSION, ImEvent, imStream } from '@gw/contracts';
import { EventStore } from '@gw/event-store';
import { AggregateOutcome, AggregateRepository, EVENT_STORE } from '@gw/service-infra';
import { decide } from '../domain/decide';
import { Effect, ImCommand } from '../domain/im-command';
import { emptyIm, evolve, ImState } from '../domain/im-state';

export interface ImActor {
  id: string;
  name: string;
}

/** What an IM command did, with the commands it asks of other accounts; `position` is null when it changed nothing. */
export interface ImOutcome extends AggregateOutcome<ImState, ImEvent> {
  effects: Effect[];
}

/**
 * The IM state of each account: one stream per account, folded on demand and cached (see
 * AggregateRepository for loading and the concurrency).
 */
@Injectable()
export class ImRepository extends AggregateRepository<ImState, ImEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, {
      streamName: imStream,
      initialState: emptyIm,
      evolve: (state, event) => evolve(state, event),
      schemaVersion: IM_EVENT_SCHEMA_VERSION,
      cacheSize: 5000,
      busyMessage: 'IM state busy, try again',
    });
  }

  async execute(accountId: string, command: ImCommand, actor: ImActor, commandId: string = randomUUID()): Promise<ImOutcome> {
    // The effects of the decision that was committed (the last one, after any retry).
    let effects: Effect[] = [];
    const outcome = await this.handle(
      accountId,
      (state) => {
        const decided = decide(state, command);
        effects = decided.effects;
        return decided.events;
      },
      { commandId, actor, at: command.at },
    );
    return { ...outcome, effects };
  }
}
