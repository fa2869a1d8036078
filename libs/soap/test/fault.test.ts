import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import {
  SOAP11_NS,
  SOAP12_NS,
  ServiceCode,
  SoapFault,
  child,
  el,
  faultElement,
  faultFrom,
  isSenderCode,
  parseSoapRequest,
  renderSoapFault,
  renderSoapResponse,
  requireAttr,
  requireChild,
  responseContext,
  text,
  withRequestId,
} from '@gw/soap';

const fault = () =>
  new SoapFault('account.NO_SUCH_ACCOUNT', 'no such account: a@x', { args: { account: 'a@x', id: '42' }, argTypes: { id: 'IID' }, trace: 'qtp1-2:1700000000000:abcd' });

test('SOAP 1.2 fault: soap:Code/soap:Value, soap:Reason/soap:Text, soap:Detail/Error with Code, Trace and args', () => {
  const r = renderSoapFault('soap12', fault());
  assert.equal(r.status, 500);
  assert.equal(r.contentType, 'application/soap+xml; charset=utf-8');
  assert.equal(
    r.body,
    `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body><soap:Fault>` +
      '<soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code>' +
      '<soap:Reason><soap:Text>no such account: a@x</soap:Text></soap:Reason>' +
      '<soap:Detail><Error xmlns="urn:zimbra"><Code>account.NO_SUCH_ACCOUNT</Code><Trace>qtp1-2:1700000000000:abcd</Trace>' +
      '<a n="account" t="STR">a@x</a><a n="id" t="IID">42</a></Error></soap:Detail>' +
      '</soap:Fault></soap:Body></soap:Envelope>',
  );
});

test('SOAP 1.1 fault: unqualified faultcode/faultstring/detail, soap:Client or soap:Server', () => {
  const r = renderSoapFault('soap11', SoapFault.failure('disk on fire'));
  assert.equal(r.status, 500);
  assert.equal(r.contentType, 'text/xml; charset=utf-8');
  assert.match(
    r.body,
    new RegExp(
      `^<soap:Envelope xmlns:soap="${SOAP11_NS.replace(/[.]/g, '\\.')}"><soap:Body><soap:Fault>` +
        '<faultcode>soap:Server</faultcode><faultstring>system failure: disk on fire</faultstring>' +
        '<detail><Error xmlns="urn:zimbra"><Code>service.FAILURE</Code><Trace>[^<]+</Trace></Error></detail>' +
        '</soap:Fault></soap:Body></soap:Envelope>$',
    ),
  );
  assert.match(renderSoapFault('soap11', SoapFault.authRequired()).body, /<faultcode>soap:Client<\/faultcode>/);

  // An independent parser sees the three children without a namespace prefix, as SOAP 1.1 toolkits expect.
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(r.body);
  const f = parsed['soap:Envelope']['soap:Body']['soap:Fault'];
  assert.deepEqual(Object.keys(f), ['faultcode', 'faultstring', 'detail']);
  assert.equal(f.faultcode, 'soap:Server');
});

test('JSON fault, the way SoapJSProtocol renders it', () => {
  const r = renderSoapFault('json', fault());
  assert.equal(r.status, 500);
  assert.equal(r.contentType, 'application/json; charset=utf-8');
  assert.equal(
    r.body,
    '{"Body":{"Fault":{"Code":{"Value":"soap:Sender"},"Reason":{"Text":"no such account: a@x"},' +
      '"Detail":{"Error":{"Code":"account.NO_SUCH_ACCOUNT","Trace":"qtp1-2:1700000000000:abcd",' +
      '"a":[{"n":"account","t":"STR","_content":"a@x"},{"n":"id","t":"IID","_content":"42"}],"_jsns":"urn:zimbra"}}}},' +
      '"_jsns":"urn:zimbraSoap"}',
  );
  const receiver = JSON.parse(renderSoapFault('json', SoapFault.temporarilyUnavailable()).body);
  assert.equal(receiver.Body.Fault.Code.Value, 'soap:Receiver');
  assert.equal(receiver.Body.Fault.Detail.Error.Code, 'service.TEMPORARILY_UNAVAILABLE');
});

test('a fault can carry the response context header', () => {
  const out = renderSoapFault('json', SoapFault.authExpired(), responseContext({ changeToken: 3 })).body;
  const json = JSON.parse(out);
  assert.deepEqual(json.Header, { context: { change: { token: 3 }, _jsns: 'urn:zimbra' } });
  assert.equal(json.Body.Fault.Detail.Error.Code, 'service.AUTH_EXPIRED');
  const xml = renderSoapFault('soap12', SoapFault.authExpired(), responseContext({ changeToken: 3 })).body;
  assert.ok(xml.includes('<soap:Header><context xmlns="urn:zimbra"><change token="3"/></context></soap:Header><soap:Body><soap:Fault>'));
});

test('faults inside a BatchResponse carry requestId (XML and JSON)', () => {
  const batch = (protocol: 'soap11' | 'soap12' | 'json') =>
    el(
      'BatchResponse',
      {},
      [faultElement(protocol, SoapFault.permDenied('nope'), '1'), withRequestId(el('GetInfoResponse', { name: 'a' }, [], 'urn:zimbraAccount'), '2')],
      'urn:zimbra',
    );
  const xml = renderSoapResponse({ protocol: 'soap12', body: batch('soap12') }).body;
  assert.ok(xml.includes('<BatchResponse xmlns="urn:zimbra"><soap:Fault requestId="1"><soap:Code><soap:Value>soap:Sender</soap:Value>'), xml);
  assert.ok(xml.includes('<GetInfoResponse xmlns="urn:zimbraAccount" name="a" requestId="2"/></BatchResponse>'), xml);

  // SOAP 1.1: the unqualified children must not fall into BatchResponse's default namespace.
  const xml11 = renderSoapResponse({ protocol: 'soap11', body: batch('soap11') }).body;
  assert.ok(xml11.includes('<soap:Fault requestId="1"><faultcode xmlns="">soap:Client</faultcode><faultstring xmlns="">permission denied: nope</faultstring><detail xmlns=""><Error xmlns="urn:zimbra">'), xml11);

  const json = JSON.parse(renderSoapResponse({ protocol: 'json', body: batch('json') }).body);
  const br = json.Body.BatchResponse;
  assert.equal(br._jsns, 'urn:zimbra');
  assert.equal(br.Fault.length, 1);
  assert.equal(br.Fault[0].requestId, '1');
  assert.equal(br.Fault[0]._jsns, 'urn:zimbraSoap');
  assert.deepEqual(br.Fault[0].Code, { Value: 'soap:Sender' });
  assert.equal(br.Fault[0].Detail.Error.Code, 'service.PERM_DENIED');
  assert.deepEqual(br.GetInfoResponse, [{ name: 'a', requestId: '2', _jsns: 'urn:zimbraAccount' }]);
});

test('rendered XML faults parse back with our own namespace-aware parser', () => {
  for (const protocol of ['soap11', 'soap12'] as const) {
    const back = parseSoapRequest(renderSoapFault(protocol, fault()).body);
    assert.equal(back.body.name, 'Fault');
    const detail = child(back.body, protocol === 'soap11' ? 'detail' : 'Detail')!;
    const error = child(detail, 'Error')!;
    assert.equal(error.ns, 'urn:zimbra');
    assert.equal(text(child(error, 'Code')!), 'account.NO_SUCH_ACCOUNT');
    // '' = explicitly no namespace (the Fault around it is in the envelope namespace)
    if (protocol === 'soap11') assert.equal(child(back.body, 'faultcode')!.ns, '');
  }
});

test('sender/receiver follows ServiceException', () => {
  const sender = [
    SoapFault.invalidRequest('x'),
    SoapFault.unknownDocument('FooRequest'),
    SoapFault.parseError('x'),
    SoapFault.permDenied('x'),
    SoapFault.authRequired(),
    SoapFault.authExpired(),
    SoapFault.wrongHost('h'),
    SoapFault.tooManyHops(),
    SoapFault.notInProgress('x'),
    SoapFault.alreadyInProgress('x'),
    SoapFault.nonReadonlyOperationDenied(),
  ];
  const receiver = [
    SoapFault.failure('x'),
    SoapFault.proxyError('x'),
    SoapFault.interrupted(),
    SoapFault.noSpellCheckUrl(),
    SoapFault.resourceUnreachable('x'),
    SoapFault.temporarilyUnavailable(),
  ];
  for (const f of sender) assert.equal(f.sender, true, f.code);
  for (const f of receiver) assert.equal(f.sender, false, f.code);
  assert.equal(isSenderCode('account.AUTH_FAILED'), true);
  assert.equal(isSenderCode('account.MAINTENANCE_MODE'), false);
  assert.equal(new SoapFault('service.FAILURE', 'x', { sender: true }).sender, true, 'explicit choice wins');
  assert.equal(SoapFault.wrongHost('h').args?.host, 'h');
  assert.equal(ServiceCode.AUTH_REQUIRED, 'service.AUTH_REQUIRED');
});

test('messages carry the ServiceException prefixes clients display', () => {
  assert.equal(SoapFault.invalidRequest('missing required attribute: x').message, 'invalid request: missing required attribute: x');
  assert.equal(SoapFault.authRequired().message, 'no valid authtoken present');
  assert.equal(SoapFault.failure('boom').message, 'system failure: boom');
  assert.match(SoapFault.parseError('x').trace, /^soap:\d+:[0-9a-f]{16}$/);
});

test('requireAttr / requireChild throw service.INVALID_REQUEST', () => {
  const e = el('R', { a: '1' }, [el('c')]);
  assert.equal(requireAttr(e, 'a'), '1');
  assert.equal(requireChild(e, 'c').name, 'c');
  assert.throws(() => requireAttr(e, 'x'), (err: unknown) => err instanceof SoapFault && err.code === 'service.INVALID_REQUEST' && err.message.includes('missing required attribute: x'));
  assert.throws(() => requireChild(e, 'y'), (err: unknown) => err instanceof SoapFault && err.code === 'service.INVALID_REQUEST' && err.message.includes('missing required element: y'));
});

test('faultFrom keeps faults, honours coded errors and hides everything else behind service.FAILURE', () => {
  const f = SoapFault.authRequired();
  assert.equal(faultFrom(f), f);
  const coded = Object.assign(new Error('no such account: x'), { code: 'account.NO_SUCH_ACCOUNT', args: { name: 'x' } });
  const fromCoded = faultFrom(coded);
  assert.equal(fromCoded.code, 'account.NO_SUCH_ACCOUNT');
  assert.equal(fromCoded.sender, true);
  assert.deepEqual(fromCoded.args, { name: 'x' });
  assert.equal(faultFrom(new TypeError('x is undefined')).code, 'service.FAILURE');
  assert.equal(faultFrom(Object.assign(new Error('fs'), { code: 'ENOENT' })).code, 'service.FAILURE');
  assert.equal(faultFrom('weird').sender, false);
});
