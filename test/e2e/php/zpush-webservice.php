<?php
// A Z-Push webservice client as Z-Push's documentation writes it: PHP's SoapClient in non-WSDL
// mode on the ActiveSync URL, calling the methods by name.
//
// usage: php zpush-webservice.php < session.json
//   session.json: {"server": "http://127.0.0.1:7070", "cmd": "WebserviceDevice", "user": "ann@example.com",
//                  "login": "ann@example.com", "password": "...", "deviceId"?: "webservice", "deviceType"?: "webservice",
//                  "calls": [{"method": "ListDevicesDetails", "args": []}, ...]}
// Prints a JSON list, one entry per call: {"method", "result", "fault", "status"}. Objects in results
// carry their class under "@class", so that objects and associative arrays stay apart.

$session = json_decode(stream_get_contents(STDIN), true);
$deviceId = $session['deviceId'] ?? 'webservice';
$deviceType = $session['deviceType'] ?? 'webservice';
$location = $session['server'] . '/Microsoft-Server-ActiveSync?Cmd=' . $session['cmd']
    . '&DeviceId=' . urlencode($deviceId) . '&DeviceType=' . urlencode($deviceType)
    . '&User=' . urlencode($session['user']);

$client = new SoapClient(null, [
    'location' => $location,
    'uri' => 'http://z-push.org/webservice',
    'login' => $session['login'],
    'password' => $session['password'],
    'trace' => 1,
    'exceptions' => true,
    'connection_timeout' => 20,
]);

function plain($value) {
    if (is_object($value)) {
        $out = ['@class' => get_class($value)];
        foreach (get_object_vars($value) as $k => $v) $out[$k] = plain($v);
        return $out;
    }
    if (is_array($value)) {
        if (array_is_list($value)) return array_map('plain', $value);
        $out = new stdClass();
        foreach ($value as $k => $v) $out->{(string) $k} = plain($v);
        return $out;
    }
    return $value;
}

$out = [];
foreach ($session['calls'] as $call) {
    $entry = ['method' => $call['method'], 'result' => null, 'fault' => null];
    try {
        $result = $client->{$call['method']}(...($call['args'] ?? []));
        $entry['result'] = plain($result);
    } catch (SoapFault $f) {
        $entry['fault'] = ['code' => $f->faultcode, 'string' => $f->faultstring];
    }
    $headers = (string) $client->__getLastResponseHeaders();
    $entry['status'] = preg_match('#^HTTP/\S+\s+(\d{3})#', $headers, $m) ? (int) $m[1] : null;
    $out[] = $entry;
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
