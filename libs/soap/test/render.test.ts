import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SOAP11_NS,
  SOAP12_NS,
  SoapFault,
  attr,
  attrEl,
  child,
  el,
  kvpEl,
  parseSoapRequest,
  renderSoapResponse,
  responseContext,
  text,
  textEl,
  uniqueEl,
  withRequestId,
  type SoapElement,
} from '@gw/soap';

const authResponse = (): SoapElement =>
  el(
    'AuthResponse',
    {},
    [
      textEl('authToken', '0_abc'),
      attrEl('lifetime', 172799999),
      attrEl('zmgProxy', false),
      textEl('skin', 'harmony'),
      uniqueEl('prefs', {}, [kvpEl('zimbraPrefSkin', 'harmony', 'pref', 'name')]),
    ],
    'urn:zimbraAccount',
  );

test('content types per protocol', () => {
  const body = el('NoOpResponse', {}, [], 'urn:zimbraMail');
  assert.equal(renderSoapResponse({ protocol: 'soap12', body }).contentType, 'application/soap+xml; charset=utf-8');
  assert.equal(renderSoapResponse({ protocol: 'soap11', body }).contentType, 'text/xml; charset=utf-8');
  assert.equal(renderSoapResponse({ protocol: 'json', body }).contentType, 'application/json; charset=utf-8');
});

test('JSON: envelope shape, arrays, _content, attrInJson keys, typed values, _attrs, _jsns last', () => {
  const out = renderSoapResponse({
    protocol: 'json',
    context: responseContext({ sessionId: '9' }),
    body: withRequestId(authResponse(), '42'),
  }).body;
  assert.equal(
    out,
    '{"Header":{"context":{"session":{"id":"9","_content":"9"},"_jsns":"urn:zimbra"}},' +
      '"Body":{"AuthResponse":{"requestId":"42","authToken":[{"_content":"0_abc"}],"lifetime":172799999,"zmgProxy":false,' +
      '"skin":[{"_content":"harmony"}],"prefs":{"_attrs":{"zimbraPrefSkin":"harmony"}},"_jsns":"urn:zimbraAccount"}},' +
      '"_jsns":"urn:zimbraSoap"}',
  );
});

test('JSON: repeated children share one array, nested namespaces get _jsns, numbers and booleans stay typed', () => {
  const body = el(
    'SearchResponse',
    { more: false, offset: 0, sortBy: 'dateDesc' },
    [
      el('m', { id: '1', s: 1024 }, [textEl('su', 'hi')]),
      el('c', { id: '-2' }),
      el('m', { id: '3', s: 2.5 }),
      el('ext', {}, [el('inner')], 'urn:ext'),
      el('same', {}, [], 'urn:zimbraMail'),
    ],
    'urn:zimbraMail',
  );
  const json = JSON.parse(renderSoapResponse({ protocol: 'json', body }).body);
  assert.deepEqual(json, {
    Body: {
      SearchResponse: {
        more: false,
        offset: 0,
        sortBy: 'dateDesc',
        m: [{ id: '1', s: 1024, su: [{ _content: 'hi' }] }, { id: '3', s: 2.5 }],
        c: [{ id: '-2' }],
        ext: [{ inner: [{}], _jsns: 'urn:ext' }],
        same: [{}],
        _jsns: 'urn:zimbraMail',
      },
    },
    _jsns: 'urn:zimbraSoap',
  });
});

test('JSON: key/value pairs with repeated keys become arrays; pairs with extra attributes become objects', () => {
  const body = el(
    'GetInfoResponse',
    {},
    [uniqueEl('attrs', {}, [kvpEl('mail', 'a@x', 'attr', 'name'), kvpEl('mail', 'b@x', 'attr', 'name'), { ...kvpEl('cn', 'Ann', 'attr', 'name'), attrs: { name: 'cn', pd: true } }])],
    'urn:zimbraAccount',
  );
  const json = JSON.parse(renderSoapResponse({ protocol: 'json', body }).body);
  assert.deepEqual(json.Body.GetInfoResponse.attrs, { _attrs: { mail: ['a@x', 'b@x'], cn: { pd: true, _content: 'Ann' } } });
  const xml = renderSoapResponse({ protocol: 'soap12', body }).body;
  assert.ok(xml.includes('<attrs><attr name="mail">a@x</attr><attr name="mail">b@x</attr><attr name="cn" pd="1">Ann</attr></attrs>'), xml);
});

test('JSON: strings are escaped, including U+2028 and control characters; non-finite numbers become strings', () => {
  const body = el('R', { q: 'a"b\\c\n\u0001\u2028', n: Number.NaN }, [], 'urn:x');
  const out = renderSoapResponse({ protocol: 'json', body }).body;
  assert.ok(out.includes('"q":"a\\"b\\\\c\\n\\u0001\\u2028"'), out);
  assert.deepEqual(JSON.parse(out).Body.R, { q: 'a"b\\c\n\u0001\u2028', n: 'NaN', _jsns: 'urn:x' });
});

test('XML: shape of a SOAP 1.2 response with context and namespaces', () => {
  const out = renderSoapResponse({
    protocol: 'soap12',
    context: responseContext({ sessionId: '9', changeToken: '77' }),
    body: withRequestId(authResponse(), '42'),
  }).body;
  assert.equal(
    out,
    `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Header><context xmlns="urn:zimbra"><session id="9">9</session><change token="77"/></context></soap:Header>` +
      '<soap:Body><AuthResponse xmlns="urn:zimbraAccount" requestId="42"><authToken>0_abc</authToken><lifetime>172799999</lifetime>' +
      '<zmgProxy>0</zmgProxy><skin>harmony</skin><prefs><pref name="zimbraPrefSkin">harmony</pref></prefs></AuthResponse></soap:Body></soap:Envelope>',
  );
});

test('XML: booleans are 1/0 as in Zimbra; a child in another namespace declares it; xmlns="" restores none', () => {
  const body = el('R', { ok: true, no: false, n: 3 }, [el('x', {}, [el('y')], 'urn:other'), el('z'), el('plain', {}, [], '')], 'urn:a');
  const out = renderSoapResponse({ protocol: 'soap11', body }).body;
  assert.ok(out.includes('<R xmlns="urn:a" ok="1" no="0" n="3"><x xmlns="urn:other"><y/></x><z/><plain xmlns=""/></R>'), out);
});

test('XML: escaping of text and attributes round-trips through the parser', () => {
  const nasty = `<tag> & "quotes" 'apos' ]]> tab\there\nnewline\r\ncrlf \u00e9 \u{1F600}`;
  const body = el('R', { v: nasty }, [textEl('t', nasty), textEl('s', '  padded  ')], 'urn:x');
  for (const protocol of ['soap11', 'soap12'] as const) {
    const out = renderSoapResponse({ protocol, body }).body;
    assert.ok(!out.includes(']]>'), 'the CDATA terminator never appears raw');
    const back = parseSoapRequest(out);
    assert.equal(back.protocol, protocol);
    assert.equal(attr(back.body, 'v'), nasty);
    assert.equal(attr(back.body, 't'), nasty);
    assert.equal(attr(back.body, 's'), '  padded  ');
  }
});

test('XML: characters illegal in XML are replaced with "?" (as Zimbra does) and the output still parses', () => {
  const bad = 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi\uD800j\uDC00k';
  const body = el('R', { v: bad }, [textEl('t', bad)], 'urn:x');
  for (const protocol of ['soap11', 'soap12'] as const) {
    const out = renderSoapResponse({ protocol, body }).body;
    assert.doesNotMatch(out, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const back = parseSoapRequest(out);
    assert.equal(attr(back.body, 'v'), 'a?b?c?d?e?f?g?h?i?j?k');
    assert.equal(attr(back.body, 't'), 'a?b?c?d?e?f?g?h?i?j?k');
  }
  // JSON can carry them (escaped) and does.
  const json = JSON.parse(renderSoapResponse({ protocol: 'json', body }).body);
  assert.equal(json.Body.R.v, bad);
});

test('XML round trip of a whole response through the request parser', () => {
  const body = el(
    'GetFolderResponse',
    {},
    [el('folder', { id: '1', name: 'USER_ROOT' }, [el('folder', { id: '2', name: 'Inbox', u: 3 }), el('link', { id: '9', owner: 'a@x' })])],
    'urn:zimbraMail',
  );
  const out = renderSoapResponse({ protocol: 'soap12', context: responseContext({ changeToken: 5 }), body }).body;
  const back = parseSoapRequest(out);
  assert.equal(back.body.ns, 'urn:zimbraMail');
  assert.equal(back.contextElement?.ns, 'urn:zimbra');
  assert.equal(attr(child(back.contextElement!, 'change')!, 'token'), '5');
  const root = child(back.body, 'folder')!;
  assert.deepEqual(root.children.map((c) => [c.name, attr(c, 'id')]), [['folder', '2'], ['link', '9']]);
  assert.equal(attr(root.children[0], 'u'), '3');
});

test('SOAP 1.1 responses use the 1.1 envelope', () => {
  const out = renderSoapResponse({ protocol: 'soap11', body: el('NoOpResponse', {}, [], 'urn:zimbraMail') }).body;
  assert.equal(out, `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><NoOpResponse xmlns="urn:zimbraMail"/></soap:Body></soap:Envelope>`);
});

test('names that cannot be XML are refused with service.FAILURE instead of producing broken XML', () => {
  for (const body of [el('bad name', {}, [], 'urn:x'), el('R', { 'a b': '1' }, [], 'urn:x'), el('p:R', {}, [], 'urn:x')]) {
    assert.throws(
      () => renderSoapResponse({ protocol: 'soap12', body }),
      (e: unknown) => e instanceof SoapFault && e.code === 'service.FAILURE',
    );
    // JSON has no such restriction
    assert.doesNotThrow(() => renderSoapResponse({ protocol: 'json', body }));
  }
});

test('withRequestId echoes the id and leaves elements without one untouched', () => {
  const e = el('FooResponse', { a: '1' }, [], 'urn:x');
  assert.deepEqual(withRequestId(e, '5').attrs, { a: '1', requestId: '5' });
  assert.equal(withRequestId(e, undefined), e);
  assert.deepEqual(e.attrs, { a: '1' }, 'the original is not mutated');
  assert.equal(text(textEl('a', 'b')), 'b');
});
