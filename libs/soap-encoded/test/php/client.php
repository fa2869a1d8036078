<?php
// The reference client: PHP's SoapClient in non-WSDL mode, exactly as Z-Push's examples build it.
// usage: php client.php URL USER PASSWORD < calls.json
//   calls.json: [{"method": "Get", "fixture": "devices"}, {"method": "Echo", "fixture": "scalars"},
//                {"method": "Fail", "args": ["ERROR", "reason"]}, ...]
// Prints a JSON list, one entry per call: the decoded result (var_export and json_encode) or the
// fault, and the raw request/response as the client saw them.
require __DIR__ . '/fixtures.php';

[, $location, $login, $password] = $argv;
$client = new SoapClient(null, [
    'location' => $location,
    'uri' => 'http://z-push.org/webservice',
    'login' => $login,
    'password' => $password,
    'trace' => 1,
    'exceptions' => true,
]);

$echo = zp_echo_fixtures();
$out = [];
foreach (json_decode(stream_get_contents(STDIN), true) as $call) {
    $args = $call['args'] ?? [];
    if ($call['method'] === 'Get') $args = [$call['fixture']];
    if ($call['method'] === 'Echo') $args = $echo[$call['fixture']];
    $entry = ['call' => $call];
    try {
        $result = $client->__soapCall($call['method'], $args);
        $entry['export'] = var_export($result, true);
        $entry['json'] = json_encode($result, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_PRESERVE_ZERO_FRACTION | JSON_INVALID_UTF8_SUBSTITUTE);
        $entry['fault'] = null;
    } catch (SoapFault $f) {
        $entry['fault'] = ['code' => $f->faultcode, 'string' => $f->faultstring];
    }
    $entry['request'] = $client->__getLastRequest();
    $entry['response'] = $client->__getLastResponse();
    $entry['responseHeaders'] = $client->__getLastResponseHeaders();
    $out[] = $entry;
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
