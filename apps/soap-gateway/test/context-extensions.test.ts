// Context extensions (soap-context-extension.txt): what services add to their replies reaches
// the response <context> in the client's dialect; what clients add to theirs is ignored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { BusReply } from '@gw/contracts';
import { el } from '@gw/soap';
// The compiled classes: their constructor parameters carry Nest decorators.
import { SoapDispatcher } from '../dist/soap/soap-dispatcher';
import { HandlerRegistry } from '../dist/soap/handler-registry';
import { loadSoapGatewayConfig } from '../dist/config';

const zdsync = { name: 'zdsync', ns: 'urn:zimbraOffline', children: [{ name: 'account', attrs: { name: 'ann@example.test', status: 'online', unread: 3 } }] };

/** A dispatcher whose bus answers every call with `reply`: the pipeline is real, the services are not. */
function dispatcherAnswering(reply: BusReply) {
  const handler = {
    port: 'user' as const,
    ns: 'urn:zimbraMail',
    name: 'EchoRequest',
    auth: 'none' as const,
    handle: async (_: unknown, ctx: { call<R>(s: string, p: unknown): Promise<R> }) => {
      await ctx.call('qry.mailbox.Echo', {});
      await ctx.call('qry.mailbox.Echo', {});
      return el('EchoResponse', {}, [], 'urn:zimbraMail');
    },
  };
  const bus = { request: async () => reply };
  const sessions = { contextFor: async () => ({}) };
  return new SoapDispatcher(bus as never, new HandlerRegistry([handler as never]), loadSoapGatewayConfig({}), pino({ level: 'silent' }) as never, {} as never, {} as never, sessions as never);
}

describe('SOAP context extensions', () => {
  it('an extension in a service reply appears once in the response context, in XML and in JSON', async () => {
    const dispatcher = dispatcherAnswering({ ok: true, result: {}, contextExtensions: [zdsync] });
    const xml = await dispatcher.dispatch('user', Buffer.from('<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><EchoRequest xmlns="urn:zimbraMail"/></soap:Body></soap:Envelope>'));
    assert.equal(xml.status, 200, xml.body);
    assert.match(xml.body, /<context xmlns="urn:zimbra"><zdsync xmlns="urn:zimbraOffline"><account name="ann@example.test" status="online" unread="3"\/><\/zdsync><\/context>/);
    assert.equal(xml.body.match(/<zdsync/g)?.length, 1);

    const json = await dispatcher.dispatch('user', Buffer.from(JSON.stringify({ Body: { EchoRequest: { _jsns: 'urn:zimbraMail' } } })));
    const context = JSON.parse(json.body).Header.context;
    assert.equal(context.zdsync[0]._jsns, 'urn:zimbraOffline');
    assert.equal(context.zdsync[0].account[0].status, 'online');
  });

  it('a client extension in the request context is ignored, and no extension means none', async () => {
    const dispatcher = dispatcherAnswering({ ok: true, result: {} });
    const res = await dispatcher.dispatch(
      'user',
      Buffer.from(
        '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Header><context xmlns="urn:zimbra"><custom xmlns="urn:example"><x a="1"/></custom></context></soap:Header><soap:Body><EchoRequest xmlns="urn:zimbraMail"/></soap:Body></soap:Envelope>',
      ),
    );
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /<context xmlns="urn:zimbra"\/>/);
  });
});
