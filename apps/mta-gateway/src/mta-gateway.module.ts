import { Module } from '@nestjs/common';
import { BlobStoreModule, BusModule, createLogger, healthController, LOGGER } from '@gw/nats-bus';
import { loadMtaGatewayConfig, MTA_GATEWAY_CONFIG } from './config';
import { Delivery } from './delivery';
import { MailListeners } from './mail-listeners';

/** The incoming-mail edge: SMTP and LMTP in, delivery commands to the mailbox service out. */
@Module({
  imports: [BusModule.register('mta-gateway'), BlobStoreModule.register('mta-gateway')],
  controllers: [healthController('mta-gateway')],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('mta-gateway') },
    { provide: MTA_GATEWAY_CONFIG, useFactory: () => loadMtaGatewayConfig() },
    Delivery,
    MailListeners,
  ],
})
export class MtaGatewayModule {}
