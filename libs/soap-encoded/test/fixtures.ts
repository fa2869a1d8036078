// The JavaScript counterparts of test/php/fixtures.php, under the same names.
import { phpFloat, phpObject } from '../src';

function sharedObjectMap(): unknown {
  const o = phpObject({ a: 1 });
  const p = phpObject({ b: 2 });
  return { x: o, y: [p, o, p], z: o };
}

function selfObject(): unknown {
  const o = phpObject({ name: 'me' });
  o.self = o;
  return o;
}

function sameObjectList(): unknown {
  const o = phpObject({ a: 1 });
  return [o, o];
}

const devices = [
  {
    deviceid: 'abc123', devicetype: 'iPhone', domain: '', deviceuser: 'user1',
    useragent: 'Apple-iPhone9C1/1501.372', firstsync: 1700000000, lastupdate: 1700000500,
    wipestatus: 0, asversion: '16.1', hasfolderidmapping: true, ignoredmessages: [],
    additionalfolders: [
      { store: 'SYSTEM', folderid: 'f0001', parentid: '0', name: 'Shared <Contacts> & co', type: 14, flags: 1 },
    ],
  },
  {
    deviceid: 'def456', devicetype: 'Android', domain: null, deviceuser: 'user1',
    useragent: null, firstsync: 1600000000, lastupdate: 1600000001, wipestatus: 2,
    asversion: '14.0', hasfolderidmapping: false, ignoredmessages: [],
    additionalfolders: [],
  },
];

/** What `Get(name)` returns: rendered by us, it must be byte-identical to PHP's SoapServer. */
export const RETURN_FIXTURES: Record<string, () => unknown> = {
  string: () => "hello <&> \"ü\" 'x' 😀",
  'string-empty': () => '',
  'string-lines': () => 'a\r\nb\tc\n',
  int: () => 42,
  'int-negative': () => -5,
  'int-zero': () => 0,
  'int-max-safe': () => 9007199254740991,
  'int-max': () => 9223372036854775807n,
  float: () => 1.5,
  'float-whole': () => phpFloat(3),
  'float-small': () => 0.1,
  'float-big': () => 1e20,
  'float-negative-zero': () => phpFloat(-0),
  'float-inf': () => Infinity,
  'float-ninf': () => -Infinity,
  'float-nan': () => NaN,
  true: () => true,
  false: () => false,
  null: () => null,
  'list-strings': () => ['a', 'b', 'c'],
  'list-ints': () => [1, 2, 3],
  'list-floats': () => [1.5, 2.5],
  'list-true': () => [true, true],
  'list-bools': () => [true, false],
  'list-nulls': () => [null, null],
  'list-string-null': () => ['a', null],
  'list-int-float': () => [1, 1.5],
  'list-empty': () => [],
  'list-lists': () => [[1, 2], [3]],
  'list-empty-list': () => [[]],
  'list-list-null': () => [[null]],
  'list-maps': () => [{ a: 1 }, { b: 2 }],
  'list-map-list': () => [{ a: 1 }, [1]],
  'list-objects': () => [phpObject({ a: 1 }), phpObject({ b: 2 })],
  'list-empty-objects': () => [phpObject(), phpObject()],
  'list-same-object': sameObjectList,
  map: () => ({ a: 1, b: 'x', c: null, d: false }),
  'map-int-keys': () => ({ 5: 'five', 7: 'seven' }),
  'map-sparse': () => ({ 1: 'a', 2: 'b' }),
  'map-negative-key': () => new Map([[-3, 'minus three']]),
  'map-odd-keys': () => new Map<string | number, string>([['', 'empty'], ['05', 'padded'], ['a<b>c', 'angles'], ['9223372036854775807', 'int max']]),
  'map-null': () => ({ 5: null }),
  'map-list': () => ({ k: [1, 'a'] }),
  'map-shared-objects': sharedObjectMap,
  devices: () => devices,
  object: () => phpObject({ id: 'x', n: 2, list: [1, 2], m: { k: 'v' } }),
  'object-empty': () => phpObject(),
  'object-nested': () => phpObject({ o: phpObject({ x: null }), e: [], m: { 0: 'z' } }),
  'object-self': selfObject,
  'object-class': () => phpObject({ data: { deviceid: 'abc123', useragent: 'Apple-iPhone9C1/1501.372' }, changed: false, unsetdata: [] }),
};

/**
 * The arguments client.php sends for `Echo(...)`, and what parseRpcRequest must make of them
 * (PHP objects become PhpObject, associative arrays plain objects, lists arrays).
 */
export const ECHO_FIXTURES: Record<string, () => unknown[]> = {
  none: () => [],
  'additional-folder-add': () => ['dev1', 'SYSTEM', 'f00000001', 'Shared Contacts', '14', 1],
  'additional-folder-set-list': () => [
    'dev1',
    'user2@example.com',
    [
      { folderid: 'f1', parentid: '0', name: 'Inbox of user2', type: '12', flags: 0 },
      { folderid: 'f2', parentid: 'f1', name: 'Sub', type: '12', flags: 1 },
    ],
  ],
  'get-device-details': () => ['dev1', true],
  scalars: () => ['s', 5, -7, true, false, null, 1.5, -2.25, ''],
  text: () => ["<&>\"'", 'a\r\nb\tc', '😀 ü', '  padded  ', ']]>'],
  nested: () => [['a', 'b'], { k: 'v', n: 1 }, phpObject({ a: 1, b: [1, 2] }), { 5: 'x' }, [], [[]], { x: { y: { z: null } } }],
  // SoapClient sends the second occurrence as href="#ref1"; references are decoded as copies.
  'same-object': () => [phpObject({ a: 1 }), phpObject({ a: 1 })],
};
