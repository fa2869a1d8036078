// renderRpcResponse/renderRpcFault on their own: the JavaScript → PHP value mapping and what
// cannot be sent. Byte-for-byte agreement with PHP is php-server-ground-truth.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPhpFloat, parseRpcRequest, phpFloat, phpObject, renderRpcFault, renderRpcResponse } from '../src';

const NS = 'http://z-push.org/webservice';
const returned = (value: unknown) => /<return[^>]*?(?:\/>|>.*<\/return>)/s.exec(renderRpcResponse('M', NS, value))?.[0];
/** Renders, then reads back as a PHP server would read it as a parameter. */
const roundTrip = (value: unknown) => {
  const xml = renderRpcResponse('M', NS, value).replace('<ns1:MResponse><return', '<ns1:M><p').replace('</return></ns1:MResponse>', '</p></ns1:M>').replace(/<return([^>]*)\/><\/ns1:MResponse>/, '<p$1/></ns1:M>');
  return parseRpcRequest(xml).params[0];
};

describe('JavaScript values as PHP values', () => {
  test('numbers: safe integers are ints, everything else floats; bigint is int; phpFloat forces float', () => {
    assert.equal(returned(7), '<return xsi:type="xsd:int">7</return>');
    assert.equal(returned(-0), '<return xsi:type="xsd:int">0</return>');
    assert.equal(returned(2 ** 53), '<return xsi:type="xsd:float">9.007199254741E+15</return>');
    assert.equal(returned(12n), '<return xsi:type="xsd:int">12</return>');
    assert.equal(returned(phpFloat(2)), '<return xsi:type="xsd:float">2</return>');
    assert.equal(returned(0.5), '<return xsi:type="xsd:float">0.5</return>');
  });

  test('undefined is null; a UTF-8 Buffer is a string', () => {
    assert.equal(returned(undefined), '<return xsi:nil="true"/>');
    assert.equal(returned(Buffer.from('hé')), '<return xsi:type="xsd:string">hé</return>');
  });

  test('arrays, plain objects and Maps are PHP arrays: a list when the keys are 0..n-1, else an ns2:Map', () => {
    assert.match(returned(new Map([[0, 'a'], [1, 'b']])) as string, /^<return SOAP-ENC:arrayType="xsd:string\[2\]"/);
    assert.match(returned({ 0: 'a', 1: 'b' }) as string, /^<return SOAP-ENC:arrayType="xsd:string\[2\]"/);
    assert.match(returned(new Map([[1, 'a'], [0, 'b']])) as string, /xsi:type="ns2:Map"/);
    assert.equal(returned({}), '<return SOAP-ENC:arrayType="xsd:ur-type[0]" xsi:type="SOAP-ENC:Array"/>');
    // A sparse array has holes, so its keys are not 0..n-1.
    const sparse: string[] = [];
    sparse[1] = 'x';
    assert.match(returned(sparse) as string, /<key xsi:type="xsd:int">1<\/key>/);
  });

  test('keys are normalised as PHP does: "5" and 5 are the same key, "05" is a string', () => {
    const out = returned(new Map<string | number, string>([['5', 'a'], ['05', 'b'], [5, 'c']])) as string;
    assert.equal(
      out,
      '<return xsi:type="ns2:Map"><item><key xsi:type="xsd:int">5</key><value xsi:type="xsd:string">c</value></item>' +
        '<item><key xsi:type="xsd:string">05</key><value xsi:type="xsd:string">b</value></item></return>',
    );
  });

  test('a key PHP would mangle (it contains "&") is escaped properly instead', () => {
    assert.match(returned({ 'a&b': 1 }) as string, /<key xsi:type="xsd:string">a&amp;b<\/key>/);
  });

  test('class instances are objects (SOAP-ENC:Struct) with their own enumerable properties', () => {
    class Device {
      deviceid = 'd1';
      flags = 1;
    }
    assert.equal(returned(new Device()), '<return xsi:type="SOAP-ENC:Struct"><deviceid xsi:type="xsd:string">d1</deviceid><flags xsi:type="xsd:int">1</flags></return>');
  });

  test('characters XML cannot carry become "?" (PHP would write them raw and break its own client)', () => {
    assert.equal(returned('a\u0001b\uD800c'), '<return xsi:type="xsd:string">a?b?c</return>');
    assert.equal(renderRpcFault('ERROR', 'x\u0000').includes('<faultstring>x?</faultstring>'), true);
  });

  test('what we render reads back as the same value', () => {
    const value = [{ deviceid: 'a', n: 1, f: 1.25, ok: true, none: null, sub: ['x', { k: 'v' }], o: phpObject({ p: 'q' }) }, { 7: 'seven' }];
    assert.deepStrictEqual(roundTrip(value), value);
  });
});

describe('what cannot be sent', () => {
  test('object properties that are not XML names', () => {
    for (const prop of ['0', 'a b', 'a:b', '']) {
      assert.throws(() => renderRpcResponse('M', NS, phpObject({ [prop]: 1 })), TypeError);
    }
  });

  test('a PHP array that contains itself (a PHP object may: it becomes href)', () => {
    const list: unknown[] = [];
    list.push(list);
    assert.throws(() => renderRpcResponse('M', NS, list), /cannot contain itself/);
    const obj = phpObject();
    obj.me = [obj];
    assert.match(renderRpcResponse('M', NS, obj), /<return id="ref1" xsi:type="SOAP-ENC:Struct"><me SOAP-ENC:arrayType="SOAP-ENC:Struct\[1\]" xsi:type="SOAP-ENC:Array"><item href="#ref1"\/><\/me><\/return>/);
  });

  test('values without a PHP counterpart', () => {
    for (const value of [() => 1, Symbol('s'), new Date(0), /x/, new Set([1]), new Error('e'), new Uint8Array(1), 2n ** 63n, Buffer.from([0xff])]) {
      assert.throws(() => renderRpcResponse('M', NS, value), /PHP|UTF-8/);
    }
    assert.throws(() => renderRpcResponse('M', NS, new Map([[1.5, 'x']])), TypeError);
  });

  test('a method that is not an XML name, or no namespace', () => {
    assert.throws(() => renderRpcResponse('a b', NS, 1), TypeError);
    assert.throws(() => renderRpcResponse('M', '', 1), TypeError);
  });
});

describe('renderRpcFault', () => {
  test("Z-Push's SoapFault(\"ERROR\", reason)", () => {
    assert.equal(
      renderRpcFault('ERROR', 'Device not found'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>ERROR</faultcode><faultstring>Device not found</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>\n',
    );
    assert.match(renderRpcFault('Client', 'x'), /<faultcode>SOAP-ENV:Client<\/faultcode>/);
  });
});

describe('formatPhpFloat (PHP precision 14)', () => {
  const cases: Array<[number, string]> = [
    [0.1, '0.1'], [1 / 3, '0.33333333333333'], [3, '3'], [-0, '-0'], [1e14, '1.0E+14'], [1e13, '10000000000000'],
    [1e-4, '0.0001'], [1e-5, '1.0E-5'], [123456789012345, '1.2345678901234E+14'], [123456789012355, '1.2345678901236E+14'],
    [99999999999999.5, '1.0E+14'], [5e-324, '4.9406564584125E-324'], [-1.5e-7, '-1.5E-7'], [NaN, 'NAN'], [Infinity, 'INF'], [-Infinity, '-INF'],
  ];
  for (const [x, expected] of cases) test(`${x} → ${expected}`, () => assert.equal(formatPhpFloat(x), expected));
});
