export type { StandardFaultCode } from './errors';
export { SoapEncodedError } from './errors';
export type { RpcRequest, ParseRpcOptions } from './parse-request';
export { parseRpcRequest, DEFAULT_PARSE_LIMITS } from './parse-request';
export { renderRpcResponse, renderRpcFault } from './render';
export type { PhpKey } from './php-values';
export { PhpObject, phpObject, PhpFloat, phpFloat } from './php-values';
export { formatPhpFloat } from './php-float';
export {
  SOAP_ENV_NS,
  SOAP_ENC_NS,
  XSD_NS,
  XSI_NS,
  APACHE_SOAP_NS,
  SOAP11_CONTENT_TYPE,
  FAULT_HTTP_STATUS,
} from './namespaces';
