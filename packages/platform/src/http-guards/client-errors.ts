import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemType } from '../problem';

/** What Node's HTTP parser gives up on, as a status and a zh-CN title. */
function clientErrorProblem(code: string | undefined): { status: number; code: string; title: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'headers-too-large', title: '请求头过大' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'request-timeout', title: '请求超时' };
  return { status: 400, code: 'malformed-request', title: '请求格式不正确' };
}

/**
 * For the server's `clientError` event: a request Node's parser cannot read (bad syntax, headers
 * too large, a body cut short by a half-closed socket, too slow) gets a problem+json answer
 * instead of Node's bare one, when nothing has been written on the socket yet; else the socket
 * is just closed. Never a 500, nothing logged (the client's mistake or its network).
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
  if (error.code === 'ECONNRESET' || !socket.writable || written > 0) {
    socket.destroy();
    return;
  }
  const problem = clientErrorProblem(error.code);
  const body = JSON.stringify({ type: problemType(problem.code), title: problem.title, status: problem.status });
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
