// renderRpcResponse/renderRpcFault against PHP's own SoapServer (non-WSDL, as Z-Push runs it):
// for every value, our envelope must be byte-identical to the one PHP sends.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULT_HTTP_STATUS, SOAP11_CONTENT_TYPE, phpFloat, renderRpcFault, renderRpcResponse } from '../src';
import { RETURN_FIXTURES } from './fixtures';
import type { ClientCall, ClientResult } from './php-harness';
import { NS, ensurePhpSoap, headerOf, runPhpClient, startPhpSoapServer, statusOf } from './php-harness';

const FAULTS: Array<[string, string]> = [
  ['ERROR', 'it <broke> & failed'],
  ['ERROR', ''],
  ['ERROR', 'line\r\nbreak "quoted" ü'],
  ['Server', 'server side'],
  ['Client', 'client side'],
  ['VersionMismatch', 'v'],
  ['MustUnderstand', 'm'],
  ['Receiver', 'not a SOAP 1.1 code'],
];

/** Doubles PHP must format: edge cases plus random bit patterns and random short decimals. */
function floatSamples(): number[] {
  const edge = [
    0.1, 0.5, 1 / 3, 2 / 3, 1e-4, 1e-5, 0.00012345, 1e13, 1e14, 1e15, 99999999999999.5, 999999999999995,
    123456789012345, 123456789012355, 0.30000000000000004, 2 ** 53 + 2, 5e-324, 2.2250738585072014e-308,
    Number.MAX_VALUE, -1.5e-5, 100, 1234.5678, 1.00000000000005, 1.000000000000005, 12345678901234.5,
    -98765.4321e-10, 7.0e22, 4.35, 0.045, 1e21, 1e-7,
  ];
  let seed = 20240607;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const view = new DataView(new ArrayBuffer(8));
  const random: number[] = [];
  while (random.length < 400) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) random.push(x);
  }
  for (let i = 0; i < 200; i++) random.push(Number(`${next() % 100000}.${next() % 100000}e${(next() % 40) - 20}`));
  return [...edge, ...edge.map((x) => -x), ...random];
}

const floats = floatSamples();
const calls: ClientCall[] = [
  ...Object.keys(RETURN_FIXTURES).map((fixture) => ({ method: 'Get', fixture })),
  ...FAULTS.map(([code, reason]) => ({ method: 'Fail', args: [code, reason] })),
  { method: 'Floats', args: [JSON.stringify(floats)] },
];

let results: ClientResult[] = [];

before(async () => {
  ensurePhpSoap();
  const server = await startPhpSoapServer();
  try {
    results = await runPhpClient(server.url, calls);
  } finally {
    await server.stop();
  }
});

function resultFor(method: string, key: string | undefined): ClientResult {
  const found = results.find((r) => r.call.method === method && ('fixture' in r.call ? r.call.fixture : JSON.stringify(r.call.args)) === key);
  assert.ok(found, `no PHP result for ${method} ${key}`);
  return found;
}

describe('renderRpcResponse is byte-identical to PHP SoapServer', () => {
  for (const [name, value] of Object.entries(RETURN_FIXTURES)) {
    test(name, () => {
      const php = resultFor('Get', name);
      assert.equal(statusOf(php.responseHeaders), 200);
      assert.equal(headerOf(php.responseHeaders, 'Content-Type'), SOAP11_CONTENT_TYPE);
      assert.equal(renderRpcResponse('Get', NS, value()), php.response);
    });
  }
});

describe('renderRpcFault is byte-identical to PHP SoapServer', () => {
  for (const [code, reason] of FAULTS) {
    test(`${code}: ${JSON.stringify(reason)}`, () => {
      const php = resultFor('Fail', JSON.stringify([code, reason]));
      assert.equal(statusOf(php.responseHeaders), FAULT_HTTP_STATUS);
      assert.equal(headerOf(php.responseHeaders, 'Content-Type'), SOAP11_CONTENT_TYPE);
      assert.equal(renderRpcFault(code, reason), php.response);
      assert.equal(php.fault?.string, reason);
    });
  }
});

test(`floats are formatted as PHP does (${floats.length} values, precision 14)`, () => {
  const php = resultFor('Floats', JSON.stringify([JSON.stringify(floats)]));
  const ours = renderRpcResponse('Floats', NS, floats.map(phpFloat));
  if (ours !== php.response) {
    const theirs = [...php.response.matchAll(/<item xsi:type="xsd:float">([^<]*)<\/item>/g)].map((m) => m[1]);
    const mine = [...ours.matchAll(/<item xsi:type="xsd:float">([^<]*)<\/item>/g)].map((m) => m[1]);
    const diffs = floats.flatMap((x, i) => (theirs[i] !== mine[i] ? [`${x}: PHP ${theirs[i]}, ours ${mine[i]}`] : []));
    assert.fail(`float formatting differs:\n${diffs.slice(0, 20).join('\n')}`);
  }
});
