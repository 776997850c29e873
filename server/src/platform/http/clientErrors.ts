import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../../../../contract/errors.js';

/**
 * Requests Node's HTTP parser refuses before the app sees them (a head over its 16 KB
 * limit, a malformed request line) are answered in the one error shape too, not with Node's
 * bare status line; a connection already gone is just closed.
 */
export function answerClientErrors(http: HttpServer): void {
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const headTooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const [status, reason, body]: [number, string, ErrorBody] = headTooLarge
      ? [431, 'Request Header Fields Too Large', { ok: false, error: 'payload_too_large', message: 'Địa chỉ hoặc tiêu đề yêu cầu quá dài (tối đa 16 KB). / The request line or headers are too large (16 KB at most).' }]
      : [400, 'Bad Request', { ok: false, error: 'validation_failed', message: 'Yêu cầu HTTP không đúng định dạng. / The HTTP request is malformed.' }];
    const json = JSON.stringify(body);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
  });
}
