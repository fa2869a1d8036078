<?php
// Values the ground-truth SoapServer returns (Get) and argument lists the client sends (Echo).
// test/fixtures.ts holds the same values in JavaScript, under the same names.

class ZpDevice
{
    // Like Z-Push's ASDevice/StateObject: PHP writes protected and private properties too.
    protected $data = ['deviceid' => 'abc123', 'useragent' => 'Apple-iPhone9C1/1501.372'];
    public $changed = false;
    private $unsetdata = [];
}

function zp_shared_object_map()
{
    $o = new stdClass();
    $o->a = 1;
    $p = new stdClass();
    $p->b = 2;
    return ['x' => $o, 'y' => [$p, $o, $p], 'z' => $o];
}

function zp_self_object()
{
    $o = new stdClass();
    $o->name = 'me';
    $o->self = $o;
    return $o;
}

function zp_same_object_list()
{
    $o = new stdClass();
    $o->a = 1;
    return [$o, $o];
}

function zp_devices()
{
    return [
        [
            'deviceid' => 'abc123', 'devicetype' => 'iPhone', 'domain' => '', 'deviceuser' => 'user1',
            'useragent' => 'Apple-iPhone9C1/1501.372', 'firstsync' => 1700000000, 'lastupdate' => 1700000500,
            'wipestatus' => 0, 'asversion' => '16.1', 'hasfolderidmapping' => true, 'ignoredmessages' => [],
            'additionalfolders' => [
                ['store' => 'SYSTEM', 'folderid' => 'f0001', 'parentid' => '0', 'name' => 'Shared <Contacts> & co', 'type' => 14, 'flags' => 1],
            ],
        ],
        [
            'deviceid' => 'def456', 'devicetype' => 'Android', 'domain' => null, 'deviceuser' => 'user1',
            'useragent' => null, 'firstsync' => 1600000000, 'lastupdate' => 1600000001, 'wipestatus' => 2,
            'asversion' => '14.0', 'hasfolderidmapping' => false, 'ignoredmessages' => [],
            'additionalfolders' => [],
        ],
    ];
}

function zp_return_fixtures()
{
    return [
        'string' => "hello <&> \"ü\" 'x' 😀",
        'string-empty' => '',
        'string-lines' => "a\r\nb\tc\n",
        'int' => 42,
        'int-negative' => -5,
        'int-zero' => 0,
        'int-max-safe' => 9007199254740991,
        'int-max' => PHP_INT_MAX,
        'float' => 1.5,
        'float-whole' => 3.0,
        'float-small' => 0.1,
        'float-big' => 1e20,
        'float-negative-zero' => -0.0,
        'float-inf' => INF,
        'float-ninf' => -INF,
        'float-nan' => NAN,
        'true' => true,
        'false' => false,
        'null' => null,
        'list-strings' => ['a', 'b', 'c'],
        'list-ints' => [1, 2, 3],
        'list-floats' => [1.5, 2.5],
        'list-true' => [true, true],
        'list-bools' => [true, false],
        'list-nulls' => [null, null],
        'list-string-null' => ['a', null],
        'list-int-float' => [1, 1.5],
        'list-empty' => [],
        'list-lists' => [[1, 2], [3]],
        'list-empty-list' => [[]],
        'list-list-null' => [[null]],
        'list-maps' => [['a' => 1], ['b' => 2]],
        'list-map-list' => [['a' => 1], [1]],
        'list-objects' => [(object) ['a' => 1], (object) ['b' => 2]],
        'list-empty-objects' => [new stdClass(), new stdClass()],
        'list-same-object' => zp_same_object_list(),
        'map' => ['a' => 1, 'b' => 'x', 'c' => null, 'd' => false],
        'map-int-keys' => [5 => 'five', 7 => 'seven'],
        'map-sparse' => [1 => 'a', 2 => 'b'],
        'map-negative-key' => [-3 => 'minus three'],
        'map-odd-keys' => ['' => 'empty', '05' => 'padded', 'a<b>c' => 'angles', '9223372036854775807' => 'int max'],
        'map-null' => ['5' => null],
        'map-list' => ['k' => [1, 'a']],
        'map-shared-objects' => zp_shared_object_map(),
        'devices' => zp_devices(),
        'object' => (object) ['id' => 'x', 'n' => 2, 'list' => [1, 2], 'm' => ['k' => 'v']],
        'object-empty' => new stdClass(),
        'object-nested' => (object) ['o' => (object) ['x' => null], 'e' => [], 'm' => ['0' => 'z']],
        'object-self' => zp_self_object(),
        'object-class' => new ZpDevice(),
    ];
}

function zp_echo_fixtures()
{
    return [
        'none' => [],
        'additional-folder-add' => ['dev1', 'SYSTEM', 'f00000001', 'Shared Contacts', '14', 1],
        'additional-folder-set-list' => ['dev1', 'user2@example.com', [
            ['folderid' => 'f1', 'parentid' => '0', 'name' => 'Inbox of user2', 'type' => '12', 'flags' => 0],
            ['folderid' => 'f2', 'parentid' => 'f1', 'name' => 'Sub', 'type' => '12', 'flags' => 1],
        ]],
        'get-device-details' => ['dev1', true],
        'scalars' => ['s', 5, -7, true, false, null, 1.5, -2.25, ''],
        'text' => ["<&>\"'", "a\r\nb\tc", '😀 ü', '  padded  ', ']]>'],
        'nested' => [['a', 'b'], ['k' => 'v', 'n' => 1], (object) ['a' => 1, 'b' => [1, 2]], [5 => 'x'], [], [[]], ['x' => ['y' => ['z' => null]]]],
        'same-object' => zp_same_object_list(),
    ];
}
