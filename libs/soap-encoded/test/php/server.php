<?php
// The ground truth: PHP's own SoapServer in non-WSDL mode, as Z-Push runs it.
// Run with `php -S 127.0.0.1:PORT server.php` (built-in server, this file as router).
require __DIR__ . '/fixtures.php';

class ZpGroundTruth
{
    /** Returns the named value of zp_return_fixtures(). */
    public function Get($name)
    {
        return zp_return_fixtures()[$name];
    }

    /** Returns its arguments: SoapServer decodes them and encodes them again. */
    public function Echo()
    {
        return func_get_args();
    }

    /** Fails the way Z-Push does: new SoapFault("ERROR", $reason). */
    public function Fail($code, $reason)
    {
        throw new SoapFault($code, $reason);
    }

    /** Floats from a JSON list (JSON carries doubles exactly), to check PHP's float formatting. */
    public function Floats($json)
    {
        return array_map('floatval', json_decode($json));
    }
}

$server = new SoapServer(null, ['uri' => 'http://z-push.org/webservice']);
$server->setClass('ZpGroundTruth');
$server->handle();
