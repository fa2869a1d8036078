import { ImGatewayListResult, ImGatewayRegisterResult, ImGatewayService, imCommandSubject, imQuerySubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, el } from '@gw/soap';
import { response } from '../directory-elements';
import { imHandler, requiredAttr } from './im-elements';

/** `<service name type domain>[<registration name state [timeUntilNextConnect]/>]</service>`. */
function serviceElement(s: ImGatewayService): SoapElement {
  const r = s.registration;
  const registration = r ? [el('registration', { name: r.name, state: r.state, timeUntilNextConnect: r.timeUntilNextConnect })] : [];
  return el('service', { name: s.name, type: s.type, domain: s.domain }, registration);
}

const GATEWAY_OPS = ['reg', 'unreg', 'reconnect'] as const;

/** Interop gateways to other IM services (soap-im.txt IMGatewayList, IMGatewayRegister). */
export const gatewayHandlers = [
  imHandler('IMGatewayListRequest', async (request, ctx) => {
    const { services } = await ctx.call<ImGatewayListResult>(imQuerySubject('IMGatewayList'), {});
    return response(request, services.map(serviceElement));
  }),
  imHandler('IMGatewayRegisterRequest', async (request, ctx) => {
    const op = requiredAttr(request, 'op').trim().toLowerCase() as (typeof GATEWAY_OPS)[number];
    if (!GATEWAY_OPS.includes(op)) throw SoapFault.invalidRequest(`unknown op: ${attr(request, 'op')}`);
    const service = requiredAttr(request, 'service').trim();
    // reg needs the remote account (Zimbra reads both as required attributes).
    const credentials = op === 'reg' ? { name: requiredAttr(request, 'name'), password: requiredAttr(request, 'password') } : {};
    const { result } = await ctx.call<ImGatewayRegisterResult>(imCommandSubject('IMGatewayRegister'), { op, service, ...credentials });
    return response(request, [], { result });
  }),
];
