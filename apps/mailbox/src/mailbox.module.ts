import { Module } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { createLogger, LOGGER } from '@gw/nats-bus';
import { NatsObjectBlobStore } from '@gw/blob-store';
import { NATS_CONNECTION, readModelProviders, rebuildControllerFor, StoreInfrastructureModule, storeHealthControllerFor } from '@gw/service-infra';
import { BLOB_STORE, MAILBOX_CONFIG } from './infrastructure/tokens';
import { loadMailboxConfig, MailboxConfig } from './infrastructure/config';
import { MAILBOX_PROJECTIONS } from './infrastructure/projections';
import { DirectoryAggregate } from './directory/directory.aggregate';
import { DirectoryReadModel } from './directory/directory.read-model';
import { DirectoryCommands } from './directory/directory-commands';
import { AuthTokens } from './directory/auth-tokens';
import { AuthService } from './directory/auth.service';
import { BootstrapAdmin } from './directory/bootstrap-admin';
import { AuthController } from './directory/controllers/auth.controller';
import { AccountsController } from './directory/controllers/accounts.controller';
import { DomainsController } from './directory/controllers/domains.controller';
import { CosController } from './directory/controllers/cos.controller';
import { DistributionListsController } from './directory/controllers/distribution-lists.controller';
import { SearchAndRightsController } from './directory/controllers/search-and-rights.controller';
import { SelfServiceController } from './directory/controllers/self-service.controller';
import { PresencePublicationController } from './directory/controllers/presence-publication.controller';
import { MailboxRepository } from './mail/mailbox.repository';
import { MailReadModel } from './mail/mail.read-model';
import { MailCommands } from './mail/mail-commands';
import { MailChangesService } from './mail/mail-changes.service';
import { FoldersAndTagsController } from './mail/controllers/folders-and-tags.controller';
import { ItemsController } from './mail/controllers/items.controller';
import { SearchController } from './mail/controllers/search.controller';
import { MailSearch } from './mail/mail-search.service';
import { DeliveryController, MessagesController } from './mail/controllers/messages.controller';
import { MessageContent } from './mail/message-content';
import { OutgoingMail } from './mail/outgoing-mail';

/** The mailbox service: the directory and authentication, and mail; contacts and calendar join it. */
@Module({
  // NATS (event store, blobs, secrets), the event store and the read-model database (schema mailbox).
  imports: [StoreInfrastructureModule.forService('mailbox', { loadConfig: () => loadMailboxConfig(), configToken: MAILBOX_CONFIG })],
  controllers: [
    AuthController,
    AccountsController,
    DomainsController,
    CosController,
    DistributionListsController,
    SearchAndRightsController,
    SelfServiceController,
    PresencePublicationController,
    FoldersAndTagsController,
    ItemsController,
    SearchController,
    MessagesController,
    DeliveryController,
    storeHealthControllerFor('mailbox'),
    rebuildControllerFor('mailbox'),
  ],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('mailbox') },
    {
      provide: BLOB_STORE,
      useFactory: (nc: NatsConnection, config: MailboxConfig) => NatsObjectBlobStore.create(nc, { replicas: config.eventStoreReplicas }),
      inject: [NATS_CONNECTION, MAILBOX_CONFIG],
    },
    ...readModelProviders(MAILBOX_PROJECTIONS),
    DirectoryAggregate,
    DirectoryReadModel,
    DirectoryCommands,
    AuthTokens,
    AuthService,
    BootstrapAdmin,
    MailboxRepository,
    MailReadModel,
    MailCommands,
    MailChangesService,
    MailSearch,
    MessageContent,
    OutgoingMail,
  ],
})
export class MailboxModule {}
