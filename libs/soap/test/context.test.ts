import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SOAP11_NS,
  SOAP12_NS,
  SoapFault,
  el,
  extensionsFrom,
  parseSoapRequest,
  renderSoapResponse,
  responseContext,
} from '@gw/soap';

const xmlWithContext = (ns: string, ctx: string) =>
  `<soap:Envelope xmlns:soap="${ns}"><soap:Header><context xmlns="urn:zimbra">${ctx}</context></soap:Header>` +
  `<soap:Body><GetInfoRequest xmlns="urn:zimbraAccount"/></soap:Body></soap:Envelope>`;

const jsonWithContext = (ctx: object) =>
  JSON.stringify({ Header: { context: { _jsns: 'urn:zimbra', ...ctx } }, Body: { GetInfoRequest: { _jsns: 'urn:zimbraAccount' } } });

test('every context field of the soap.txt header (XML)', () => {
  const req = parseSoapRequest(
    xmlWithContext(
      SOAP12_NS,
      `<authToken>tok</authToken>
       <authTokenControl voidOnExpired="1"/>
       <session id="12" seq="4" type="admin"/>
       <account by="name">other@example.com</account>
       <change token="555" type="new"/>
       <targetServer>srv-1</targetServer>
       <userAgent name="zmprov" version="9.0"/>
       <via>10.0.0.1(curl)</via>
       <format type="xml"/>
       <nonotify/><noqualify/>
       <csrfToken>csrf</csrfToken>`,
    ),
  );
  assert.deepEqual(req.context, {
    authToken: 'tok',
    voidOnExpired: true,
    nonotify: true,
    noqualify: true,
    session: { id: '12', seq: '4', type: 'admin' },
    account: { by: 'name', value: 'other@example.com' },
    change: { token: '555', type: 'new' },
    userAgent: { name: 'zmprov', version: '9.0' },
    format: 'xml',
    via: '10.0.0.1(curl)',
    targetServer: 'srv-1',
    csrfToken: 'csrf',
  });
  assert.equal(req.responseProtocol, 'soap12');
});

test('the same context in JSON', () => {
  const req = parseSoapRequest(
    jsonWithContext({
      authToken: [{ _content: 'tok' }],
      session: { id: '12', _content: '12' },
      account: { by: 'id', _content: 'a1b2' },
      change: { token: 555, type: 'mod' },
      userAgent: { name: 'ZimbraWebClient - FF', version: '9.0' },
      nosession: {},
      format: { type: 'js' },
    }),
  );
  assert.deepEqual(req.context, {
    authToken: 'tok',
    noSession: true,
    session: { id: '12' },
    account: { by: 'id', value: 'a1b2' },
    change: { token: '555', type: 'mod' },
    userAgent: { name: 'ZimbraWebClient - FF', version: '9.0' },
    format: 'js',
  });
});

test('session: a bare <session/> asks for a new one; text wins over the id attribute; seq from <notify>', () => {
  assert.deepEqual(parseSoapRequest(xmlWithContext(SOAP12_NS, '<session/>')).context.session, {});
  assert.deepEqual(parseSoapRequest(xmlWithContext(SOAP12_NS, '<session id="1">2</session>')).context.session, { id: '2' });
  assert.deepEqual(parseSoapRequest(xmlWithContext(SOAP12_NS, '<session id="3"/><notify seq="9"/>')).context.session, {
    id: '3',
    seq: '9',
  });
});

test('change type: absent stays absent, anything but "mod" checks creations (Zimbra)', () => {
  assert.deepEqual(parseSoapRequest(xmlWithContext(SOAP12_NS, '<change token="5"/>')).context.change, { token: '5' });
  assert.deepEqual(parseSoapRequest(xmlWithContext(SOAP12_NS, '<change token="5" type="x"/>')).context.change, { token: '5', type: 'new' });
});

test('account by must be name or id', () => {
  assert.throws(
    () => parseSoapRequest(xmlWithContext(SOAP12_NS, '<account by="foreignPrincipal">x</account>')),
    (e: unknown) => e instanceof SoapFault && e.code === 'service.INVALID_REQUEST' && /unknown value for by/.test(e.message),
  );
});

test('format switching for every request dialect', () => {
  const cases: Array<[string, string]> = [
    [xmlWithContext(SOAP12_NS, '<format type="js"/>'), 'json'],
    [xmlWithContext(SOAP11_NS, '<format type="js"/>'), 'json'],
    [xmlWithContext(SOAP11_NS, '<format type="xml"/>'), 'soap11'],
    [xmlWithContext(SOAP12_NS, '<format type="xml"/>'), 'soap12'],
    [xmlWithContext(SOAP11_NS, '<format/>'), 'soap11'],
    [xmlWithContext(SOAP11_NS, '<format type="yaml"/>'), 'soap11'],
    [jsonWithContext({ format: { type: 'xml' } }), 'soap12'],
    [jsonWithContext({ format: { type: 'js' } }), 'json'],
    [jsonWithContext({ format: {} }), 'soap12'],
    [jsonWithContext({}), 'json'],
  ];
  for (const [body, expected] of cases) assert.equal(parseSoapRequest(body).responseProtocol, expected, body);
});

test('extensionsFrom returns the context children Zimbra does not interpret', () => {
  const req = parseSoapRequest(
    xmlWithContext(
      SOAP12_NS,
      '<authToken>t</authToken><zdsync xmlns="urn:zimbraOffline"><account name="a"/></zdsync><session xmlns="urn:ext"/><custom/>',
    ),
  );
  assert.deepEqual(
    extensionsFrom(req.contextElement).map((e) => [e.name, e.ns]),
    [['zdsync', 'urn:zimbraOffline'], ['session', 'urn:ext'], ['custom', undefined]],
  );
  assert.deepEqual(extensionsFrom(undefined), []);
});

test('responseContext: session carries its id as attribute and text; change; extensions after', () => {
  const ctx = responseContext({
    sessionId: '12',
    sessionType: 'admin',
    changeToken: 555,
    extra: [el('zdsync', {}, [el('account', { name: 'a', status: 'online' })], 'urn:zimbraOffline')],
  });
  const xml = renderSoapResponse({ protocol: 'soap12', context: ctx, body: el('NoOpResponse', {}, [], 'urn:zimbraMail') }).body;
  assert.ok(
    xml.includes(
      '<soap:Header><context xmlns="urn:zimbra"><session type="admin" id="12">12</session><change token="555"/>' +
        '<zdsync xmlns="urn:zimbraOffline"><account name="a" status="online"/></zdsync></context></soap:Header>',
    ),
    xml,
  );
  const json = JSON.parse(renderSoapResponse({ protocol: 'json', context: ctx, body: el('NoOpResponse', {}, [], 'urn:zimbraMail') }).body);
  assert.deepEqual(json.Header, {
    context: {
      session: { type: 'admin', id: '12', _content: '12' },
      change: { token: 555 },
      zdsync: [{ account: [{ name: 'a', status: 'online' }], _jsns: 'urn:zimbraOffline' }],
      _jsns: 'urn:zimbra',
    },
  });
  // mail sessions have no type attribute
  assert.deepEqual(responseContext({ sessionId: '3' }).children[0].attrs, { id: '3' });
  assert.deepEqual(responseContext().children, []);
});
