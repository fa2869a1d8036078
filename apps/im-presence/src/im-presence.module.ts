import { Module } from '@nestjs/common';
import { healthController } from '@gw/nats-bus';

/** Connected and healthy; its domain arrives with its own issue. */
@Module({ controllers: [healthController('im-presence')] })
export class ImPresenceModule {}
