import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Principal } from '@gw/contracts';
import { BusClient, LOGGER, Logger } from '@gw/nats-bus';
import { FAULT_HTTP_STATUS, parseRpcRequest, renderRpcFault, renderRpcResponse, SOAP11_CONTENT_TYPE, SoapEncodedError } from '@gw/soap-encoded';
import { ActiveSyncEdge, ActiveSyncReply } from '../activesync-edge';
import { ActiveSyncRequest, ActiveSyncRequestError } from '../activesync-request';
import { checkWebserviceDevice, WEBSERVICE_NS, WebserviceCall, WebserviceFault, WebserviceMethod, WebserviceService, webserviceUsersAccess } from './webservice-access';
import { webserviceDevice } from './webservice-device';
import { webserviceInfo } from './webservice-info';
import { webserviceUsers } from './webservice-users';

/**
 * The Z-Push webservice on the ActiveSync URL (`Cmd=WebserviceDevice|WebserviceUsers|
 * WebserviceInfo&DeviceId=webservice&DeviceType=webservice&User=<user>`): SOAP 1.1 rpc/encoded
 * exactly as PHP's non-WSDL SoapServer speaks it, so PHP's SoapClient — the client Z-Push
 * documents — works unchanged. The edge has authenticated the caller (HTTP Basic); the access
 * rules and the methods are in the sibling modules.
 *
 * Configuration: ZPUSH_WEBSERVICE_USERS_ACCESS=1 enables WebserviceUsers (off by default: 403).
 */
@Injectable()
export class ZPushWebservice implements OnModuleInit {
  private readonly services: [string, WebserviceService][];

  constructor(
    private readonly edge: ActiveSyncEdge,
    private readonly bus: BusClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.services = [
      ['WebserviceDevice', webserviceDevice],
      ['WebserviceUsers', webserviceUsers(webserviceUsersAccess(process.env))],
      ['WebserviceInfo', webserviceInfo],
    ];
  }

  onModuleInit(): void {
    for (const [cmd, service] of this.services) {
      this.edge.register(cmd, (request, principal, body) => this.serve(service, request, principal, body));
    }
  }

  async serve(service: WebserviceService, request: ActiveSyncRequest, principal: Principal, body: Buffer): Promise<ActiveSyncReply> {
    const call = new WebserviceCall(this.bus, request, principal);
    try {
      checkWebserviceDevice(request);
      await service.admit?.(call);
      const rpc = parseRpcRequest(body);
      const found = findMethod(service, rpc.method);
      if (!found) return fault('Server', `Function '${rpc.method}' doesn't exist`);
      if (rpc.params.length < found.required) return fault('Server', tooFewArguments(service, found, rpc.params.length));
      const value = await found.run(call, rpc.params);
      return { status: 200, headers: { 'Content-Type': SOAP11_CONTENT_TYPE }, body: renderRpcResponse(rpc.method, WEBSERVICE_NS, value) };
    } catch (err) {
      if (err instanceof WebserviceFault) return fault('ERROR', err.message);
      if (err instanceof SoapEncodedError) return fault(err.faultcode, err.faultstring);
      // HTTP answers (403 WebserviceUsers disabled, 503 a service away): the edge sends the status.
      if (err instanceof ActiveSyncRequestError) throw err;
      this.logger.error({ err, cmd: request.cmd }, 'Z-Push webservice request failed');
      return fault('Server', 'Internal error');
    }
  }
}

/** PHP method names are case-insensitive. */
function findMethod(service: WebserviceService, name: string): WebserviceMethod | undefined {
  const lower = name.toLowerCase();
  return service.methods.find((m) => m.name.toLowerCase() === lower);
}

/** PHP's ArgumentCountError, which SoapServer reports as a Server fault. */
function tooFewArguments(service: WebserviceService, m: WebserviceMethod, passed: number): string {
  const how = m.required === m.params.length ? 'exactly' : 'at least';
  return `Too few arguments to function ${service.className}::${m.name}(), ${passed} passed and ${how} ${m.required} expected`;
}

function fault(code: string, reason: string): ActiveSyncReply {
  return { status: FAULT_HTTP_STATUS, headers: { 'Content-Type': SOAP11_CONTENT_TYPE }, body: renderRpcFault(code, reason) };
}
