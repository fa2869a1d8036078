// parseRpcRequest on its own: PHP SoapClient's encodings, references, and hostile input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PhpObject, SoapEncodedError, parseRpcRequest, phpObject } from '../src';

const NS = 'http://z-push.org/webservice';
const OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:ns1="http://z-push.org/webservice" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:ns2="http://xml.apache.org/xml-soap" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>';
const CLOSE = '</SOAP-ENV:Body></SOAP-ENV:Envelope>\n';
const call = (params: string, method = 'Echo') => `${OPEN}<ns1:${method}>${params}</ns1:${method}>${CLOSE}`;
const params = (xml: string) => parseRpcRequest(call(xml)).params;

function refused(body: string | Buffer, faultcode: string, faultstring: string | RegExp, options = {}): SoapEncodedError {
  let caught: unknown;
  try {
    parseRpcRequest(body, options);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SoapEncodedError, `expected a SoapEncodedError, got ${String(caught)}`);
  assert.equal(caught.faultcode, faultcode, caught.message);
  if (typeof faultstring === 'string') assert.equal(caught.faultstring, faultstring, caught.message);
  else assert.match(caught.faultstring, faultstring);
  return caught;
}

describe('what PHP SoapClient sends', () => {
  test('a call without parameters', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://z-push.org/webservice" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body><ns1:ListDevicesDetails/></SOAP-ENV:Body></SOAP-ENV:Envelope>\n';
    assert.deepStrictEqual(parseRpcRequest(xml), { method: 'ListDevicesDetails', namespace: NS, params: [] });
    assert.deepStrictEqual(parseRpcRequest(Buffer.from(xml)), { method: 'ListDevicesDetails', namespace: NS, params: [] });
  });

  test('every PHP type, as SoapClient encodes it (param0, param1, ... in order)', () => {
    const xml = call(
      '<param0 xsi:type="xsd:string">dev1</param0><param1 xsi:type="xsd:int">5</param1><param2 xsi:type="xsd:boolean">true</param2>' +
        '<param3 xsi:nil="true"/><param4 xsi:type="xsd:float">1.5</param4>' +
        '<param5 SOAP-ENC:arrayType="xsd:string[2]" xsi:type="SOAP-ENC:Array"><item xsi:type="xsd:string">a</item><item xsi:type="xsd:string">b</item></param5>' +
        '<param6 xsi:type="ns2:Map"><item><key xsi:type="xsd:string">k</key><value xsi:type="xsd:string">v</value></item><item><key xsi:type="xsd:string">n</key><value xsi:type="xsd:int">1</value></item></param6>' +
        '<param7 SOAP-ENC:arrayType="ns2:Map[1]" xsi:type="SOAP-ENC:Array"><item xsi:type="ns2:Map"><item><key xsi:type="xsd:string">folderid</key><value xsi:type="xsd:string">f</value></item><item><key xsi:type="xsd:string">flags</key><value xsi:type="xsd:int">1</value></item></item></param7>' +
        '<param8 xsi:type="SOAP-ENC:Struct"><a xsi:type="xsd:int">1</a></param8>' +
        '<param9 xsi:type="ns2:Map"><item><key xsi:type="xsd:int">5</key><value xsi:type="xsd:string">five</value></item></param9>' +
        '<param10 SOAP-ENC:arrayType="xsd:ur-type[0]" xsi:type="SOAP-ENC:Array"/>' +
        '<param11 xsi:type="xsd:string"></param11>',
      'AdditionalFolderAdd',
    );
    const request = parseRpcRequest(xml);
    assert.equal(request.method, 'AdditionalFolderAdd');
    assert.equal(request.namespace, NS);
    assert.deepStrictEqual(request.params, [
      'dev1', 5, true, null, 1.5, ['a', 'b'], { k: 'v', n: 1 }, [{ folderid: 'f', flags: 1 }], phpObject({ a: 1 }), { 5: 'five' }, [], '',
    ]);
    assert.ok(request.params[8] instanceof PhpObject);
  });

  test('text is kept verbatim: spaces, line breaks, references, CDATA', () => {
    assert.deepStrictEqual(params('<a xsi:type="xsd:string">  a&#13;\r\nb &lt;&amp;&gt; &#x1F600; </a><b><![CDATA[<&>]]></b>'), ['  a\r\nb <&> 😀 ', '<&>']);
  });

  test('an ns2:Map whose keys are 0..n-1 is a list, as in PHP; a repeated key keeps its first place', () => {
    const map = (items: string) => `<a xsi:type="ns2:Map">${items}</a>`;
    const item = (key: string, value: string, keyType = 'xsd:string') => `<item><key xsi:type="${keyType}">${key}</key><value xsi:type="xsd:string">${value}</value></item>`;
    assert.deepStrictEqual(params(map(item('0', 'a') + item('1', 'b', 'xsd:int'))), [['a', 'b']]);
    assert.deepStrictEqual(params(map(item('1', 'a') + item('0', 'b'))), [{ 1: 'a', 0: 'b' }]);
    const repeated = params(map(item('x', '1') + item('y', '2') + item('x', '3')))[0] as Record<string, string>;
    assert.deepStrictEqual(Object.entries(repeated), [['x', '3'], ['y', '2']]);
    assert.deepStrictEqual(params('<a xsi:type="ns2:Map"/>'), [[]]);
  });

  test('keys and names like __proto__ are plain data', () => {
    const [map, struct] = params(
      '<a xsi:type="ns2:Map"><item><key xsi:type="xsd:string">__proto__</key><value xsi:type="xsd:string">x</value></item></a>' +
        '<b xsi:type="SOAP-ENC:Struct"><__proto__ xsi:type="xsd:int">1</__proto__><constructor>c</constructor></b>',
    ) as Array<Record<string, unknown>>;
    assert.equal(Object.getPrototypeOf(map), Object.prototype);
    assert.deepEqual(Object.keys(map), ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(map, '__proto__')?.value, 'x');
    assert.deepEqual(Object.keys(struct), ['__proto__', 'constructor']);
    assert.ok(struct instanceof PhpObject);
  });
});

describe('other encodings PHP SoapServer accepts', () => {
  test('untyped elements are strings, or objects when they have children (repeated names become lists)', () => {
    assert.deepStrictEqual(params('<a>text</a><b><x>1</x><y>2</y><y>3</y></b><c/>'), ['text', phpObject({ x: '1', y: ['2', '3'] }), '']);
  });

  test('unknown types are read as untyped; base64Binary and hexBinary as bytes', () => {
    assert.deepStrictEqual(
      params('<a xsi:type="xsd:dateTime">2020-01-01T00:00:00Z</a><b xsi:type="ns1:Device"><z>1</z></b><c xsi:type="xsd:base64Binary">aGk=</c><d xsi:type="xsd:hexBinary">6869</d><e xsi:type="zz:unbound">u</e><f xsi:type="SOAP-ENC:base64">aGk=</f>'),
      ['2020-01-01T00:00:00Z', phpObject({ z: '1' }), Buffer.from('hi'), Buffer.from('hi'), 'u', Buffer.from('hi')],
    );
  });

  test('numbers and booleans in their lexical forms', () => {
    assert.deepStrictEqual(
      params(
        '<a xsi:type="xsd:int"> +7 </a><b xsi:type="xsd:long">-12</b><c xsi:type="xsd:double">1.5E+3</c><d xsi:type="xsd:float">INF</d>' +
          '<e xsi:type="xsd:float">-INF</e><f xsi:type="xsd:boolean">1</f><g xsi:type="xsd:boolean">false</g><h xsi:type="xsd:boolean"> TRUE </h>' +
          '<i xsi:type="xsd:int">9223372036854775807</i>',
      ),
      [7, -12, 1500, Infinity, -Infinity, true, false, true, 9223372036854775807],
    );
    assert.ok(Number.isNaN(params('<a xsi:type="xsd:float">NaN</a>')[0]));
  });

  test('xsi:nil="1" is null, xsi:nil="false" is not', () => {
    assert.deepStrictEqual(params('<a xsi:nil="1" xsi:type="xsd:string">x</a><b xsi:nil="false" xsi:type="xsd:string">y</b>'), [null, 'y']);
  });

  test('array items without xsi:type take the arrayType', () => {
    assert.deepStrictEqual(params('<a SOAP-ENC:arrayType="xsd:int[2]" xsi:type="SOAP-ENC:Array"><item>1</item><item>2</item></a>'), [[1, 2]]);
    assert.deepStrictEqual(params('<a SOAP-ENC:arrayType="xsd:int[][1]" xsi:type="SOAP-ENC:Array"><item SOAP-ENC:arrayType="xsd:int[1]" xsi:type="SOAP-ENC:Array"><item>3</item></item></a>'), [[[3]]]);
  });

  test('references: inline id/href (PHP SoapClient) and independent multiRef elements, decoded as copies', () => {
    const inline = params('<a id="ref1" xsi:type="SOAP-ENC:Struct"><q xsi:type="xsd:string">z</q></a><b href="#ref1"/>');
    assert.deepStrictEqual(inline, [phpObject({ q: 'z' }), phpObject({ q: 'z' })]);
    assert.notEqual(inline[0], inline[1]);
    const body = `${OPEN}<ns1:Echo><a href="#r1"/><b href="#r2"/></ns1:Echo><multiRef id="r1" SOAP-ENC:root="0" xsi:type="xsd:string">s</multiRef><multiRef id="r2" SOAP-ENC:root="0" SOAP-ENC:arrayType="xsd:int[1]" xsi:type="SOAP-ENC:Array"><item href="#r3"/></multiRef><multiRef id="r3" SOAP-ENC:root="0" xsi:type="xsd:int">4</multiRef>${CLOSE}`;
    assert.deepStrictEqual(parseRpcRequest(body), { method: 'Echo', namespace: NS, params: ['s', [4]] });
  });

  test('a call element without namespace, declared with a default namespace, or after whitespace and comments', () => {
    const env = (inner: string) => `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${inner}</e:Body></e:Envelope>`;
    assert.deepStrictEqual(parseRpcRequest(env('<Ping><x>1</x></Ping>')), { method: 'Ping', namespace: '', params: ['1'] });
    assert.deepStrictEqual(parseRpcRequest(env('\n <!-- c --> <About xmlns="urn:a"/>')), { method: 'About', namespace: 'urn:a', params: [] });
  });

  test('a header that need not be understood is ignored', () => {
    const body = `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header><h:x xmlns:h="urn:h">a</h:x><h:y xmlns:h="urn:h" SOAP-ENV:mustUnderstand="1" SOAP-ENV:actor="urn:someone-else">b</h:y></SOAP-ENV:Header><SOAP-ENV:Body><ns1:About xmlns:ns1="${NS}"/></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    assert.equal(parseRpcRequest(body).method, 'About');
  });

  test('ISO-8859-1 and UTF-16 bodies (SoapClient encoding option, byte order marks)', () => {
    const latin = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${call('<a xsi:type="xsd:string">café</a>').replace(/^<\?xml[^>]*>/, '')}`, 'latin1');
    assert.deepStrictEqual(parseRpcRequest(latin).params, ['café']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(call('<a xsi:type="xsd:string">ü</a>').replace('UTF-8', 'UTF-16'), 'utf16le')]);
    assert.deepStrictEqual(parseRpcRequest(utf16).params, ['ü']);
  });
});

describe('faults PHP SoapServer would send', () => {
  test('not a SOAP 1.1 envelope: VersionMismatch', () => {
    refused('<foo/>', 'VersionMismatch', 'Wrong Version');
    refused('<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><x/></env:Body></env:Envelope>', 'VersionMismatch', 'Wrong Version');
    refused('<Envelope><Body><x/></Body></Envelope>', 'VersionMismatch', 'Wrong Version');
  });

  test('no Body, or a Body without a call: Client', () => {
    refused('<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"/>', 'Client', 'Body must be present in a SOAP envelope');
    refused(`${OPEN}${CLOSE}`, 'Client', 'looks like we got "Body" without function call');
    refused(`${OPEN}<multiRef SOAP-ENC:root="0" id="x">1</multiRef>${CLOSE}`, 'Client', 'looks like we got "Body" without function call');
  });

  test('a header that must be understood: MustUnderstand', () => {
    const body = '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header><h:x xmlns:h="urn:h" SOAP-ENV:mustUnderstand="1">a</h:x></SOAP-ENV:Header><SOAP-ENV:Body><x/></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    refused(body, 'MustUnderstand', 'Header not understood');
  });

  test('values that break the encoding rules: Server, SOAP-ERROR: Encoding', () => {
    refused(call('<a xsi:type="xsd:int">abc</a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a xsi:type="xsd:int">1.5</a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a xsi:type="xsd:int">0x1A</a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a xsi:type="xsd:float"></a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a xsi:type="xsd:boolean">yes</a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a xsi:type="xsd:base64Binary">!!</a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a href="#nope"/>'), 'Server', "SOAP-ERROR: Encoding: Unresolved reference '#nope'");
    refused(call('<a href="http://elsewhere/x"/>'), 'Server', "SOAP-ERROR: Encoding: Unresolved reference 'http://elsewhere/x'");
    refused(call('<a xsi:type="ns2:Map"><item><value>v</value></item></a>'), 'Server', "SOAP-ERROR: Encoding: Can't decode apache map, missing key");
    refused(call('<a xsi:type="ns2:Map"><item><key>k</key></item></a>'), 'Server', "SOAP-ERROR: Encoding: Can't decode apache map, missing value");
    refused(call('<a xsi:type="ns2:Map"><item><key xsi:type="xsd:float">1.5</key><value>v</value></item></a>'), 'Server', /only Strings or Longs/);
    refused(call('<a SOAP-ENC:arrayType="xsd:int[2,2]" xsi:type="SOAP-ENC:Array"/>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a id="x">1</a><b id="x">2</b>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
  });

  test('the error says more than the fault, for logs', () => {
    const err = refused(call('<a xsi:type="xsd:int">abc</a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    assert.match(err.message, /'abc' is not an int/);
    assert.equal(err.name, 'SoapEncodedError');
  });
});

describe('hostile input', () => {
  test('billion laughs: any DOCTYPE is refused before anything is expanded, as PHP does', () => {
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n]>\n${call('<a>&lol2;</a>').replace(/^<\?xml[^>]*>\n/, '')}`;
    refused(lol, 'Server', 'DTD are not supported by SOAP');
  });

  test('external entities and parameter entities are never read', () => {
    refused(`<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd">${call('<a>x</a>').replace(/^<\?xml[^>]*>\n/, '')}`, 'Server', 'DTD are not supported by SOAP');
    refused(`<!doctype x [<!ENTITY % p SYSTEM "http://127.0.0.1/">%p;]><x/>`, 'Server', 'DTD are not supported by SOAP');
    refused(`<!ENTITY e "x"><x/>`, 'Client', 'Bad Request');
    refused(call('<a>&xxe;</a>'), 'Client', 'Bad Request');
    refused(call('<a>&amp</a>'), 'Client', 'Bad Request');
  });

  test('a "<!DOCTYPE" inside a comment or CDATA is text, not a declaration', () => {
    assert.deepStrictEqual(params('<!-- <!DOCTYPE x> --><a><![CDATA[<!DOCTYPE y>]]></a>'), ['<!DOCTYPE y>']);
  });

  test('nesting is limited (default 64, configurable), and a deep document is refused early', () => {
    const deep = (n: number) => call(`${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`);
    assert.deepStrictEqual(parseRpcRequest(deep(50)).params.length, 1);
    refused(deep(100), 'Client', 'Bad Request');
    refused(deep(50), 'Client', 'Bad Request', { maxDepth: 20 });
    const started = Date.now();
    refused(call(`${'<a>'.repeat(200_000)}`), 'Client', 'Bad Request');
    assert.ok(Date.now() - started < 2000);
  });

  test('size is limited (default 1 MiB, configurable)', () => {
    const big = call(`<a xsi:type="xsd:string">${'x'.repeat(1024 * 1024)}</a>`);
    const err = refused(big, 'Client', 'Bad Request');
    assert.match(err.message, /exceeds the limit/);
    refused(call('<a>x</a>'), 'Client', 'Bad Request', { maxBytes: 100 });
    assert.equal(parseRpcRequest(big, { maxBytes: 2 * 1024 * 1024 }).params[0], 'x'.repeat(1024 * 1024));
  });

  test('reference fan-out is bounded: every followed reference counts against maxValues', () => {
    // 30 levels, each holding two references to the next: 2^30 values once expanded.
    let refs = '';
    for (let i = 0; i < 30; i++) refs += `<m id="r${i}" SOAP-ENC:root="0" SOAP-ENC:arrayType="xsd:ur-type[2]" xsi:type="SOAP-ENC:Array"><item href="#r${i + 1}"/><item href="#r${i + 1}"/></m>`;
    refs += '<m id="r30" SOAP-ENC:root="0" xsi:type="xsd:string">x</m>';
    const body = `${OPEN}<ns1:Echo><a href="#r0"/></ns1:Echo>${refs}${CLOSE}`;
    const started = Date.now();
    refused(body, 'Client', 'Bad Request');
    assert.ok(Date.now() - started < 2000);
    refused(call('<a SOAP-ENC:arrayType="xsd:int[3]" xsi:type="SOAP-ENC:Array"><item>1</item><item>2</item><item>3</item></a>'), 'Client', 'Bad Request', { maxValues: 3 });
  });

  test('cyclic references are refused', () => {
    refused(call('<a id="r1" xsi:type="SOAP-ENC:Struct"><self href="#r1"/></a>'), 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(`${OPEN}<ns1:Echo><a href="#r1"/></ns1:Echo><m id="r1" SOAP-ENC:root="0"><b href="#r2"/></m><m id="r2" SOAP-ENC:root="0"><c href="#r1"/></m>${CLOSE}`, 'Server', 'SOAP-ERROR: Encoding: Violation of encoding rules');
    refused(call('<a id="r1" href="#r1"/>'), 'Server', /SOAP-ERROR: Encoding/);
  });

  test('malformed XML: Client, Bad Request', () => {
    for (const bad of [
      '',
      '   ',
      'hello',
      `${OPEN}<ns1:Echo><a>${CLOSE}`,
      `${call('<a>x</a>')}<second/>`,
      call('<a x="1" x="2">x</a>'),
      call('<zz:a>x</zz:a>'),
      call('<a b="<">x</a>'),
      call('<a>]]></a>'),
      call('<a>\u0001</a>'),
      call('<a>&#1;</a>'),
      call('<a>&#x110000;</a>'),
    ]) {
      refused(bad, 'Client', 'Bad Request');
    }
    refused(Buffer.concat([Buffer.from(call('<a>')), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]), 'Client', 'Bad Request');
    refused(Buffer.from('<?xml version="1.0" encoding="x-no-such"?><x/>'), 'Client', 'Bad Request');
  });
});
