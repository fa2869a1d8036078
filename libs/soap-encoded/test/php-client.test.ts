// PHP's SoapClient (non-WSDL, exactly as Z-Push's examples build it) against a small Node server
// speaking through this codec, compared call by call with the same client against PHP's own
// SoapServer: same decoded results, same faults, and (with one documented exception) the same bytes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FAULT_HTTP_STATUS,
  SOAP11_CONTENT_TYPE,
  SoapEncodedError,
  parseRpcRequest,
  phpFloat,
  phpObject,
  renderRpcFault,
  renderRpcResponse,
} from '../src';
import type { RpcRequest } from '../src';
import { ECHO_FIXTURES, RETURN_FIXTURES } from './fixtures';
import type { ClientCall, ClientResult } from './php-harness';
import { NS, ensurePhpSoap, headerOf, runPhpClient, startPhpSoapServer, statusOf } from './php-harness';

const LOGIN = 'user1';
const PASSWORD = 'sécret:1';

/** What the Node server parsed, per request, in arrival order. */
const parsed: RpcRequest[] = [];
const authHeaders: Array<string | undefined> = [];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A stand-in for the Z-Push edge: the same methods as test/php/server.php. */
function dispatch(call: RpcRequest): { status: number; body: string } {
  const ok = (value: unknown) => ({ status: 200, body: renderRpcResponse(call.method, call.namespace, value) });
  const fault = (code: string, reason: string) => ({ status: FAULT_HTTP_STATUS, body: renderRpcFault(code, reason) });
  switch (call.method) {
    case 'Get':
      return ok(RETURN_FIXTURES[String(call.params[0])]());
    case 'Echo':
      return ok(call.params);
    case 'Fail':
      return fault(String(call.params[0]), String(call.params[1]));
    case 'Floats':
      return ok((JSON.parse(String(call.params[0])) as number[]).map(phpFloat));
    default:
      return fault('Server', `Function '${call.method}' doesn't exist`);
  }
}

function startNodeServer(): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    authHeaders.push(req.headers.authorization);
    let reply: { status: number; body: string };
    try {
      const call = parseRpcRequest(body);
      parsed.push(call);
      reply = dispatch(call);
    } catch (err) {
      if (!(err instanceof SoapEncodedError)) throw err;
      reply = { status: FAULT_HTTP_STATUS, body: renderRpcFault(err.faultcode, err.faultstring) };
    }
    res.writeHead(reply.status, { 'Content-Type': SOAP11_CONTENT_TYPE });
    res.end(reply.body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
  });
}

const FLOATS = [0.1, 1e20, -1.5e-7, 123456789012345, 2 / 3, 5e-324];
const calls: ClientCall[] = [
  ...Object.keys(RETURN_FIXTURES).map((fixture) => ({ method: 'Get', fixture })),
  ...Object.keys(ECHO_FIXTURES).map((fixture) => ({ method: 'Echo', fixture })),
  { method: 'Fail', args: ['ERROR', 'Folder id f1 is already in the list <&>'] },
  { method: 'Fail', args: ['Server', 'x'] },
  { method: 'Floats', args: [JSON.stringify(FLOATS)] },
  { method: 'NoSuchMethod', args: [] },
];

let viaPhp: ClientResult[] = [];
let viaNode: ClientResult[] = [];
let node: { server: Server; url: string };

before(async () => {
  ensurePhpSoap();
  const php = await startPhpSoapServer();
  try {
    viaPhp = await runPhpClient(php.url, calls, LOGIN, PASSWORD);
  } finally {
    await php.stop();
  }
  node = await startNodeServer();
  viaNode = await runPhpClient(node.url, calls, LOGIN, PASSWORD);
});

after(() => new Promise<void>((resolve) => node.server.close(() => resolve())));

const label = (call: ClientCall) => ('fixture' in call ? `${call.method}(${call.fixture})` : `${call.method}(${JSON.stringify(call.args)})`);

describe('SoapClient decodes the same values from us as from PHP SoapServer', () => {
  calls.forEach((call, i) => {
    test(label(call), () => {
      const [php, ours] = [viaPhp[i], viaNode[i]];
      assert.deepEqual(ours.fault, php.fault);
      assert.equal(ours.export, php.export);
      assert.equal(ours.json, php.json);
      assert.equal(statusOf(ours.responseHeaders), statusOf(php.responseHeaders));
      // References are decoded as copies, so an object sent twice comes back inline twice
      // where PHP's server (which keeps the identity) writes href="#ref1" again.
      if (!('fixture' in call && call.fixture === 'same-object')) assert.equal(ours.response, php.response);
    });
  });
});

describe('parseRpcRequest reads what SoapClient sends', () => {
  test('the request is the same to both servers and authenticated with HTTP Basic', () => {
    calls.forEach((_, i) => assert.equal(viaNode[i].request, viaPhp[i].request));
    const expected = `Basic ${Buffer.from(`${LOGIN}:${PASSWORD}`).toString('base64')}`;
    assert.ok(authHeaders.length >= calls.length);
    for (const h of authHeaders.slice(0, calls.length)) assert.equal(h, expected);
  });

  test('method, namespace and positional parameters', () => {
    const get = parsed.find((p) => p.method === 'Get');
    assert.deepEqual(get, { method: 'Get', namespace: NS, params: ['string'] });
    const fail = parsed.find((p) => p.method === 'Fail');
    assert.deepEqual(fail?.params, ['ERROR', 'Folder id f1 is already in the list <&>']);
    assert.deepEqual(parsed.find((p) => p.method === 'NoSuchMethod')?.params, []);
  });

  const echoes = () => parsed.filter((p) => p.method === 'Echo');
  Object.entries(ECHO_FIXTURES).forEach(([name, expected], i) => {
    test(`Echo(${name}) parameters`, () => {
      assert.deepStrictEqual(echoes()[i].params, expected());
    });
  });

  test('the PHP client encodes an object used twice as id/href, and it is read as two equal objects', () => {
    const i = calls.findIndex((c) => 'fixture' in c && c.fixture === 'same-object');
    assert.match(viaNode[i].request, /<param0 xsi:type="SOAP-ENC:Struct" id="ref1">.*<param1 href="#ref1"\/>/);
    const params = echoes()[Object.keys(ECHO_FIXTURES).indexOf('same-object')].params;
    assert.deepStrictEqual(params[0], params[1]);
    assert.notEqual(params[0], params[1]);
  });
});

/** Raw requests, answered by both servers: our faults must be PHP's, byte for byte. */
const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:ns1="http://z-push.org/webservice" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:ns2="http://xml.apache.org/xml-soap" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>';
const ENVELOPE_CLOSE = '</SOAP-ENV:Body></SOAP-ENV:Envelope>';
const call = (inner: string) => `${ENVELOPE_OPEN}<ns1:Echo>${inner}</ns1:Echo>${ENVELOPE_CLOSE}`;

const RAW: Record<string, string> = {
  malformed: `${ENVELOPE_OPEN}<ns1:Echo><a>${ENVELOPE_CLOSE}`,
  empty: '',
  'not xml': 'hello',
  doctype: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><ns1:Echo xmlns:ns1="urn:x">&e;</ns1:Echo></SOAP-ENV:Body></SOAP-ENV:Envelope>`,
  'not an envelope': '<foo/>',
  'no body': '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"></SOAP-ENV:Envelope>',
  'empty body': `${ENVELOPE_OPEN}${ENVELOPE_CLOSE}`,
  'header must be understood':
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Header><h:x xmlns:h="urn:h" SOAP-ENV:mustUnderstand="1">a</h:x></SOAP-ENV:Header><SOAP-ENV:Body><ns1:Echo xmlns:ns1="urn:x"/></SOAP-ENV:Body></SOAP-ENV:Envelope>',
  'unresolved reference': call('<a href="#nope"/>'),
  'map without key': call('<a xsi:type="ns2:Map"><item><value xsi:type="xsd:string">v</value></item></a>'),
  'map without value': call('<a xsi:type="ns2:Map"><item><key xsi:type="xsd:string">k</key></item></a>'),
  'bad int': call('<a xsi:type="xsd:int">abc</a>'),
  'bad float': call('<a xsi:type="xsd:float">x</a>'),
  'unknown method': `${ENVELOPE_OPEN}<ns1:Nope/>${ENVELOPE_CLOSE}`,
  'multiRef after the call': `${ENVELOPE_OPEN}<ns1:Echo><a href="#r1"/><b href="#r1"/></ns1:Echo><multiRef id="r1" SOAP-ENC:root="0" xsi:type="SOAP-ENC:Struct"><q xsi:type="xsd:string">z</q></multiRef>${ENVELOPE_CLOSE}`,
  untyped: call('<a>text</a><b><x>1</x><y>2</y><y>3</y></b><c/>'),
  'array items typed by arrayType': call('<a SOAP-ENC:arrayType="xsd:int[2]" xsi:type="SOAP-ENC:Array"><item>1</item><item>2</item></a>'),
  'map with list keys': call('<a xsi:type="ns2:Map"><item><key xsi:type="xsd:string">0</key><value xsi:type="xsd:string">a</value></item><item><key xsi:type="xsd:int">1</key><value xsi:type="xsd:string">b</value></item></a>'),
  'map with a repeated key': call('<a xsi:type="ns2:Map"><item><key xsi:type="xsd:string">x</key><value>1</value></item><item><key xsi:type="xsd:string">y</key><value>2</value></item><item><key xsi:type="xsd:string">x</key><value>3</value></item></a>'),
  'unknown types are untyped': call('<a xsi:type="xsd:dateTime">2020-01-01T00:00:00Z</a><b xsi:type="ns1:Device"><z>1</z></b><c xsi:type="xsd:base64Binary">aGk=</c>'),
  'iso-8859-1': `<?xml version="1.0" encoding="ISO-8859-1"?>${ENVELOPE_OPEN.replace(/^<\?xml[^>]*>/, '')}<ns1:Echo><a xsi:type="xsd:string">caf\u00e9</a></ns1:Echo>${ENVELOPE_CLOSE}`,
};

describe('raw requests get the same answer from us as from PHP SoapServer', () => {
  const answers: Record<string, Array<{ status: number; contentType: string | null; body: string }>> = {};

  before(async () => {
    const php = await startPhpSoapServer();
    try {
      for (const url of [php.url, node.url]) {
        for (const [name, body] of Object.entries(RAW)) {
          const bytes = name === 'iso-8859-1' ? Buffer.from(body, 'latin1') : Buffer.from(body, 'utf8');
          const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: bytes });
          (answers[name] ??= []).push({ status: res.status, contentType: res.headers.get('content-type'), body: await res.text() });
        }
      }
    } finally {
      await php.stop();
    }
  });

  for (const name of Object.keys(RAW)) {
    test(name, () => {
      const [php, ours] = answers[name];
      if (name !== 'multiRef after the call') return assert.deepEqual(ours, php);
      // PHP keeps one object for both references and writes it back with id/href; we decode
      // references as copies (see README), so the object comes back twice, inline.
      assert.match(php.body, /<item xsi:type="SOAP-ENC:Struct" id="ref1">.*<item href="#ref1"\/>/);
      const copies = [phpObject({ q: 'z' }), phpObject({ q: 'z' })];
      assert.deepEqual(ours, { ...php, body: renderRpcResponse('Echo', NS, copies) });
    });
  }
});
