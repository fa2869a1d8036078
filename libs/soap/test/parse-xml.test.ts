import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SOAP11_NS, SOAP12_NS, attr, child, childrenNamed, parseSoapRequest, text } from '@gw/soap';

const authRequest = (envOpen: string, envClose: string, p: string) => `<?xml version="1.0" encoding="utf-8"?>
${envOpen}
  <${p}Header>
    <context xmlns="urn:zimbra">
      <authToken>0_3e761bdc303b</authToken>
      <userAgent name="ZimbraWebClient" version="8.8"/>
    </context>
  </${p}Header>
  <${p}Body>
    <AuthRequest xmlns="urn:zimbraAccount" requestId="42">
      <account by="name">user@example.com</account>
      <password>secret</password>
    </AuthRequest>
  </${p}Body>
${envClose}`;

test('SOAP 1.2 with the soap: prefix (soap.txt header example)', () => {
  const req = parseSoapRequest(authRequest(`<soap:Envelope xmlns:soap="${SOAP12_NS}">`, '</soap:Envelope>', 'soap:'));
  assert.equal(req.protocol, 'soap12');
  assert.equal(req.responseProtocol, 'soap12');
  assert.equal(req.body.name, 'AuthRequest');
  assert.equal(req.body.ns, 'urn:zimbraAccount');
  assert.equal(req.requestId, '42');
  assert.equal(req.context.authToken, '0_3e761bdc303b');
  assert.deepEqual(req.context.userAgent, { name: 'ZimbraWebClient', version: '8.8' });
  assert.equal(req.contextElement?.ns, 'urn:zimbra');
  const account = child(req.body, 'account');
  assert.ok(account);
  assert.equal(attr(account, 'by'), 'name');
  assert.equal(text(account), 'user@example.com');
  // children inherit the request namespace, so their ns stays undefined
  assert.equal(account.ns, undefined);
  assert.equal(attr(req.body, 'password'), 'secret');
});

test('SOAP 1.1 with SOAP-ENV:, env: and default-namespace envelopes', () => {
  const variants: Array<[string, string, string]> = [
    [`<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11_NS}">`, '</SOAP-ENV:Envelope>', 'SOAP-ENV:'],
    [`<env:Envelope xmlns:env="${SOAP11_NS}">`, '</env:Envelope>', 'env:'],
    [`<Envelope xmlns="${SOAP11_NS}">`, '</Envelope>', ''],
  ];
  for (const [open, close, p] of variants) {
    const req = parseSoapRequest(Buffer.from(authRequest(open, close, p)));
    assert.equal(req.protocol, 'soap11', open);
    assert.equal(req.responseProtocol, 'soap11');
    assert.equal(req.body.name, 'AuthRequest');
    assert.equal(req.body.ns, 'urn:zimbraAccount');
    assert.equal(req.context.authToken, '0_3e761bdc303b');
  }
});

test('SOAP 1.2 with a default-namespace envelope and a prefixed request', () => {
  const xml = `<Envelope xmlns="${SOAP12_NS}"><Body>
    <z:GetInfoRequest xmlns:z="urn:zimbraAccount" sections="mbox,prefs"><z:rights/><other xmlns="urn:x">t</other></z:GetInfoRequest>
  </Body></Envelope>`;
  const req = parseSoapRequest(xml);
  assert.equal(req.protocol, 'soap12');
  assert.equal(req.body.name, 'GetInfoRequest');
  assert.equal(req.body.ns, 'urn:zimbraAccount');
  assert.equal(attr(req.body, 'sections'), 'mbox,prefs');
  assert.deepEqual(req.body.children.map((c) => [c.name, c.ns]), [['rights', undefined], ['other', 'urn:x']]);
  assert.deepEqual(req.context, {});
  assert.equal(req.contextElement, undefined);
});

test('request without a namespace keeps ns undefined; children with a prefix keep their local name', () => {
  const xml = `<s:Envelope xmlns:s="${SOAP12_NS}"><s:Body><NoopRequest><s:foo x="1"/></NoopRequest></s:Body></s:Envelope>`;
  const req = parseSoapRequest(xml);
  assert.equal(req.body.ns, undefined);
  assert.equal(req.body.children[0].name, 'foo');
  assert.equal(req.body.children[0].ns, SOAP12_NS);
});

test('entities, character references and CDATA are decoded; whitespace-only text is dropped', () => {
  const xml = `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body>
    <SearchRequest xmlns="urn:zimbraMail" q="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;" tab="x&#9;y" nl="1
2">
      <query>in:inbox &amp;&#x20;&#65;&#x1F600;<![CDATA[<raw & stuff>]]></query>
      <empty>   </empty>
      <spaced>  keep me  </spaced>
    </SearchRequest></soap:Body></soap:Envelope>`;
  const req = parseSoapRequest(xml);
  assert.equal(attr(req.body, 'q'), `a <b> & "c" 'd'`);
  assert.equal(attr(req.body, 'tab'), 'x\ty', 'a character reference survives attribute normalisation');
  assert.equal(attr(req.body, 'nl'), '1 2', 'a literal newline in an attribute becomes a space');
  assert.equal(attr(req.body, 'query'), 'in:inbox & A\u{1F600}<raw & stuff>');
  assert.equal(child(req.body, 'empty')?.text, undefined);
  assert.equal(attr(req.body, 'spaced'), '  keep me  ');
});

test('batch request keeps its children in document order', () => {
  const xml = `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body>
    <BatchRequest xmlns="urn:zimbra" onerror="stop">
      <GetInfoRequest xmlns="urn:zimbraAccount" requestId="1"/>
      <SearchRequest xmlns="urn:zimbraMail" requestId="2"/>
      <GetInfoRequest xmlns="urn:zimbraAccount" requestId="3"/>
    </BatchRequest></soap:Body></soap:Envelope>`;
  const req = parseSoapRequest(xml);
  assert.equal(req.body.name, 'BatchRequest');
  assert.equal(req.body.ns, 'urn:zimbra');
  assert.deepEqual(req.body.children.map((c) => [c.name, c.ns, attr(c, 'requestId')]), [
    ['GetInfoRequest', 'urn:zimbraAccount', '1'],
    ['SearchRequest', 'urn:zimbraMail', '2'],
    ['GetInfoRequest', 'urn:zimbraAccount', '3'],
  ]);
  assert.equal(childrenNamed(req.body, 'GetInfoRequest').length, 2);
});

test('names that are JavaScript-special are ordinary XML names', () => {
  const xml = `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body>
    <X xmlns="urn:x" constructor="c" __proto__="p"><constructor/><__proto__>v</__proto__><toString/></X></soap:Body></soap:Envelope>`;
  const req = parseSoapRequest(xml);
  assert.equal(attr(req.body, 'constructor'), 'c');
  assert.equal(Object.getOwnPropertyDescriptor(req.body.attrs, '__proto__')?.value, 'p');
  assert.equal(Object.getPrototypeOf(req.body.attrs), Object.prototype);
  assert.deepEqual(req.body.children.map((c) => c.name), ['constructor', '__proto__', 'toString']);
  assert.equal(({} as Record<string, unknown>).p, undefined);
});

test('byte input: BOM, declared latin-1 encoding, CRLF line ends', () => {
  const xml = `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><R xmlns="urn:x">caf\u00e9</R></soap:Body></soap:Envelope>`;
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]);
  assert.equal(text(parseSoapRequest(bom).body), 'caf\u00e9');
  const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\r\n${xml}`, 'latin1');
  assert.equal(text(parseSoapRequest(latin1).body), 'caf\u00e9');
  const crlf = `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><R xmlns="urn:x">a\r\nb\rc</R></soap:Body></soap:Envelope>`;
  assert.equal(text(parseSoapRequest(crlf).body), 'a\nb\nc');
});

test('the context header must be urn:zimbra context inside the envelope Header', () => {
  const xml = `<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Header>
    <context xmlns="urn:other"><authToken>nope</authToken></context>
  </soap:Header><soap:Body><R xmlns="urn:x"/></soap:Body></soap:Envelope>`;
  const req = parseSoapRequest(xml);
  assert.equal(req.context.authToken, undefined);
  assert.equal(req.contextElement, undefined);
});

test('the first element of Body is the request; comments and PIs are ignored', () => {
  const xml = `<soap:Envelope xmlns:soap="${SOAP12_NS}"><!-- hi --><soap:Body><?pi x?><!-- c --><First xmlns="urn:x"/><Second xmlns="urn:x"/></soap:Body></soap:Envelope>`;
  assert.equal(parseSoapRequest(xml).body.name, 'First');
});
