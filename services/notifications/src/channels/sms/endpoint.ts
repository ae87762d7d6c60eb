/** Where a cloud SDK should send its requests. */
export interface SdkEndpoint {
  /** host[:port], as the SDKs take it. */
  host: string;
  protocol: 'https' | 'http';
}

/**
 * Reads an endpoint given either as a host (`dysmsapi.aliyuncs.com`, `127.0.0.1:8026`) or as a
 * URL (`http://127.0.0.1:8026`); a URL's scheme wins over `protocol`, which defaults to https.
 */
export function sdkEndpoint(endpoint: string, protocol?: 'https' | 'http'): SdkEndpoint {
  const match = /^(https?):\/\/([^/?#]+)\/?$/i.exec(endpoint.trim());
  if (match) return { protocol: match[1]!.toLowerCase() as 'https' | 'http', host: match[2]! };
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(endpoint.trim())) {
    throw new Error('短信服务地址无效: 应为主机名[:端口]或 http(s)://主机名[:端口]');
  }
  return { protocol: protocol ?? 'https', host: endpoint.trim() };
}
