import { Module } from '@nestjs/common';
import { BlobStoreModule, BusModule, createLogger, healthController, LOGGER, SystemHealthProbe } from '@gw/nats-bus';
import { loadSoapGatewayConfig, SOAP_GATEWAY_CONFIG } from './config';
import { HandlerRegistry } from './soap/handler-registry';
import { SoapDispatcher } from './soap/soap-dispatcher';
import { SoapHttpServer } from './http/soap-http.server';
import { ALL_HANDLERS } from './handlers';
import { WaiterRegistry } from './waiting/waiter-registry';
import { ActiveSyncEdge } from './activesync/activesync-edge';
import { SoapSessions } from './sessions/soap-sessions';
import { ZPushWebservice } from './activesync/webservice/zpush-webservice';
import { ActiveSyncProvisioning } from './activesync/provisioning/activesync-provisioning';
import { XmppStatusEdge } from './presence/xmpp-status';

/** The Zimbra SOAP edge: HTTP in, NATS out. Stateless, so any number of instances can run. */
@Module({
  imports: [BusModule.register('soap-gateway'), BlobStoreModule.register('soap-gateway')],
  controllers: [healthController('soap-gateway')],
  providers: [
    { provide: LOGGER, useFactory: () => createLogger('soap-gateway') },
    { provide: SOAP_GATEWAY_CONFIG, useFactory: () => loadSoapGatewayConfig() },
    { provide: HandlerRegistry, useFactory: () => new HandlerRegistry(ALL_HANDLERS) },
    WaiterRegistry,
    ActiveSyncEdge,
    ZPushWebservice,
    ActiveSyncProvisioning,
    XmppStatusEdge,
    SoapSessions,
    SoapDispatcher,
    SystemHealthProbe,
    SoapHttpServer,
  ],
})
export class SoapGatewayModule {}
