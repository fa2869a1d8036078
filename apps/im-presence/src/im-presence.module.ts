import { Module } from '@nestjs/common';
import { BusModule, createLogger, LOGGER } from '@gw/nats-bus';
import { readModelProviders, rebuildControllerFor, StoreInfrastructureModule, storeHealthControllerFor } from '@gw/service-infra';
import { IM_PRESENCE_CONFIG } from './infrastructure/tokens';
import { ImPresenceConfig, loadImPresenceConfig } from './infrastructure/config';
import { IM_PRESENCE_PROJECTIONS, IM_PRESENCE_UNAVAILABLE } from './infrastructure/projections';
import { ImRepository } from './im/im.repository';
import { ImReadModel } from './im/im.read-model';
import { ImCommands } from './im/im-commands.service';
import { AddressBook, BusAddressBook } from './im/address-book';
import { ImCommandsController } from './controllers/im-commands.controller';
import { ImQueriesController } from './controllers/im-queries.controller';
import { ImGatewaysController } from './controllers/im-gateways.controller';
import { ImGateways } from './im/gateways';
import { ChatRepository } from './chats/chat.repository';
import { ChatReadModel } from './chats/chat.read-model';
import { ChatCommands } from './chats/chat-commands.service';
import { ChatCommandsController } from './controllers/chat-commands.controller';
import { ChatQueriesController } from './controllers/chat-queries.controller';

/** The im-presence service: rosters, subscriptions and presence (one event stream per account) and the IM read model. */
@Module({
  imports: [
    // NATS (the event store), the event store and the read-model database (schema im_presence).
    StoreInfrastructureModule.forService('im-presence', { loadConfig: () => loadImPresenceConfig(), configToken: IM_PRESENCE_CONFIG }),
    // Addresses are resolved by the mailbox service (ResolveRecipient).
    BusModule.register('im-presence'),
  ],
  controllers: [ImCommandsController, ImQueriesController, ImGatewaysController, ChatCommandsController, ChatQueriesController, storeHealthControllerFor('im-presence'), rebuildControllerFor('im-presence')],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('im-presence') },
    ...readModelProviders(IM_PRESENCE_PROJECTIONS, { unavailableMessage: IM_PRESENCE_UNAVAILABLE }),
    ImRepository,
    ImReadModel,
    ImCommands,
    ChatRepository,
    ChatReadModel,
    ChatCommands,
    { provide: AddressBook, useClass: BusAddressBook },
    { provide: ImGateways, useFactory: (config: ImPresenceConfig) => new ImGateways(config.gateways), inject: [IM_PRESENCE_CONFIG] },
  ],
})
export class ImPresenceModule {}
