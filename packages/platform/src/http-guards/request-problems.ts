import { HttpProblem } from '../problem';

/** What Express, its router and body-parser put on the errors they raise on bad input. */
interface RequestErrorFields {
  name?: unknown;
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  limit?: unknown;
}

/**
 * Errors Express, its router and its body parser raise on bad input, as the 4xx problems they
 * are (never a 500): undecodable path escapes, bodies cut off or of another length than
 * announced, bodies too large, malformed JSON, unsupported charsets and encodings. Undefined
 * for anything else.
 */
export function requestProblem(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as RequestErrorFields;
  if (fields.name === 'URIError') return new HttpProblem(400, 'malformed-path', '请求路径编码不正确', '路径中有无法解码的 % 转义');
  switch (fields.type) {
    case 'request.aborted':
      return new HttpProblem(400, 'request-aborted', '请求未完整发送', '请求体在传输中断开');
    case 'request.size.invalid':
      return new HttpProblem(400, 'request-size-mismatch', '请求体长度不符', '请求体长度与 Content-Length 不一致');
    case 'entity.too.large':
      return new HttpProblem(413, 'payload-too-large', '请求体过大', `上限为 ${typeof fields.limit === 'number' ? fields.limit : '?'} 字节`);
    case 'parameters.too.many':
      return new HttpProblem(413, 'payload-too-large', '请求参数过多');
    case 'entity.parse.failed':
      return new HttpProblem(400, 'malformed-json', '请求体不是有效的 JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported-encoding', '不支持的请求编码');
  }
  // Any other client error http-errors marks as safe to show (e.g. a stream error of the parser).
  if (fields.expose === true && typeof fields.status === 'number' && fields.status >= 400 && fields.status < 500) {
    return new HttpProblem(fields.status, 'bad-request', '请求无效');
  }
  return undefined;
}
