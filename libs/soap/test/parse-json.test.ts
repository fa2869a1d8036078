import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, child, childrenNamed, keyValuePairs, parseSoapRequest, text } from '@gw/soap';

test('the JSON example of soap.txt', () => {
  const json = `{
    "Header": {
      "context": {
        "_jsns": "urn:zimbra",
        "authToken": {
          "_content": "0_3e761bdc...303b"
        }
      }
    },
    "Body": {
      "FooRequest": {
        "_jsns": "urn:zimbra",
        "name": "attribute content",
        "_content": "element content"
      }
    }
  }`;
  const req = parseSoapRequest(json);
  assert.equal(req.protocol, 'json');
  assert.equal(req.responseProtocol, 'json');
  assert.equal(req.context.authToken, '0_3e761bdc...303b');
  assert.equal(req.contextElement?.ns, 'urn:zimbra');
  assert.deepEqual(req.body, {
    name: 'FooRequest',
    ns: 'urn:zimbra',
    attrs: { name: 'attribute content' },
    children: [],
    text: 'element content',
  });
});

test('authToken as a string, an object or an array of objects', () => {
  const forms = ['"tok"', '{"_content":"tok"}', '[{"_content":"tok"}]'];
  for (const form of forms) {
    const req = parseSoapRequest(`{"Header":{"context":{"_jsns":"urn:zimbra","authToken":${form}}},"Body":{"NoOpRequest":{"_jsns":"urn:zimbraMail"}}}`);
    assert.equal(req.context.authToken, 'tok', form);
  }
});

test('values: primitives are attributes with their JSON type, objects and arrays are children', () => {
  const json = JSON.stringify({
    Body: {
      SearchRequest: {
        _jsns: 'urn:zimbraMail',
        limit: 25,
        fetch: true,
        query: { _content: 'in:inbox' },
        header: [{ n: 'Subject' }, { n: 'From' }],
        tz: { id: 'Europe/Berlin', _jsns: 'urn:zimbraMail' },
        ignored: null,
        requestId: '7',
      },
    },
  });
  const req = parseSoapRequest(Buffer.from(json));
  const b = req.body;
  assert.equal(b.attrs.limit, 25);
  assert.equal(b.attrs.fetch, true);
  assert.equal(attr(b, 'limit'), '25', 'readers return strings, like Element.getAttribute');
  assert.equal(attr(b, 'query'), 'in:inbox');
  assert.deepEqual(childrenNamed(b, 'header').map((h) => attr(h, 'n')), ['Subject', 'From']);
  assert.equal(child(b, 'tz')?.ns, 'urn:zimbraMail');
  assert.equal(attr(b, 'ignored'), undefined);
  assert.equal(req.requestId, '7');
});

test('arrays of primitives become repeated text children', () => {
  const req = parseSoapRequest('{"Body":{"R":{"_jsns":"urn:x","id":["1","2",3,null]}}}');
  assert.deepEqual(childrenNamed(req.body, 'id').map(text), ['1', '2', '3']);
});

test('password as a plain key or as _content (lenient readers)', () => {
  for (const pw of ['"x"', '{"_content":"x"}', '[{"_content":"x"}]']) {
    const req = parseSoapRequest(`{"Body":{"AuthRequest":{"_jsns":"urn:zimbraAccount","account":{"by":"name","_content":"u"},"password":${pw}}}}`);
    assert.equal(attr(req.body, 'password'), 'x', pw);
  }
});

test('_attrs become key/value pairs (a n="key")', () => {
  const req = parseSoapRequest(
    '{"Body":{"ModifyAccountRequest":{"_jsns":"urn:zimbraAdmin","id":"1","_attrs":{"displayName":"Ann","mail":["a@x","b@x"]}}}}',
  );
  assert.deepEqual(keyValuePairs(req.body), [
    { key: 'displayName', value: 'Ann' },
    { key: 'mail', value: 'a@x' },
    { key: 'mail', value: 'b@x' },
  ]);
  // The same reader handles the XML form.
  const xml = parseSoapRequest(
    '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><ModifyAccountRequest xmlns="urn:zimbraAdmin" id="1"><a n="displayName">Ann</a><a n="mail">a@x</a></ModifyAccountRequest></soap:Body></soap:Envelope>',
  );
  assert.deepEqual(keyValuePairs(xml.body), [
    { key: 'displayName', value: 'Ann' },
    { key: 'mail', value: 'a@x' },
  ]);
});

test('a request without _jsns keeps ns undefined; leading whitespace before { is fine', () => {
  const req = parseSoapRequest('  \n {"Body":{"NoOpRequest":{}}}');
  assert.equal(req.protocol, 'json');
  assert.equal(req.body.name, 'NoOpRequest');
  assert.equal(req.body.ns, undefined);
});

test('JSON keys named __proto__ stay data', () => {
  const req = parseSoapRequest('{"Body":{"R":{"__proto__":"x","constructor":{"a":"1"}}}}');
  assert.equal(Object.getOwnPropertyDescriptor(req.body.attrs, '__proto__')?.value, 'x');
  assert.equal(Object.getPrototypeOf(req.body.attrs), Object.prototype);
  assert.equal(child(req.body, 'constructor')?.attrs.a, '1');
});

test('Body given as an array takes its first element', () => {
  const req = parseSoapRequest('{"Body":{"R":[{"_jsns":"urn:x","a":"1"},{"a":"2"}]}}');
  assert.equal(attr(req.body, 'a'), '1');
});
