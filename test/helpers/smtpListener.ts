import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the listener received it: the envelope and the parts the tests look at. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The text/plain part, decoded. */
  text: string;
  attachments: Array<{ fileName: string; contentType: string; content: Buffer }>;
}

/** RFC 2047 encoded words ("=?UTF-8?B?…?=" / "?Q?"), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value.replace(/\r?\n[ \t]/g, ' ').replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) => (enc.toLowerCase() === 'b'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

function header(block: string, name: string): string {
  const m = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(block);
  return m ? decodeWords(m[1]!.trim()) : '';
}

function decodeBody(body: string, encoding: string): Buffer {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (/quoted-printable/i.test(encoding)) return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return Buffer.from(body, 'latin1');
}

/** A small MIME reader for what nodemailer sends: parts split on their boundaries, recursively. */
function parts(entity: string): Array<{ head: string; body: string }> {
  const split = entity.search(/\r?\n\r?\n/);
  const head = entity.slice(0, split);
  const body = entity.slice(split).replace(/^\r?\n\r?\n/, '');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(header(head, 'Content-Type'))?.[1];
  if (!boundary) return [{ head, body }];
  return body.split(`--${boundary}`).slice(1, -1).flatMap((p) => parts(p.replace(/^\r?\n/, '')));
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const all = parts(raw);
  const text = all.find((p) => /text\/plain/i.test(header(p.head, 'Content-Type')));
  return {
    from, to, raw,
    subject: header(raw.slice(0, raw.search(/\r?\n\r?\n/)), 'Subject'),
    text: text ? decodeBody(text.body, header(text.head, 'Content-Transfer-Encoding')).toString('utf8') : '',
    attachments: all.filter((p) => /attachment/i.test(header(p.head, 'Content-Disposition'))).map((p) => ({
      fileName: /filename="?([^";\r\n]+)"?/i.exec(header(p.head, 'Content-Disposition'))?.[1] ?? '',
      contentType: header(p.head, 'Content-Type').split(';')[0]!.trim(),
      content: decodeBody(p.body, header(p.head, 'Content-Transfer-Encoding')),
    })),
  };
}

/**
 * Test-only: a local SMTP server (the nodemailer project's smtp-server) that keeps every
 * message it accepts; recipients in `reject` are refused at RCPT TO with 550, like a mail
 * server refusing an unknown mailbox.
 */
export async function startSmtpListener(opts: { reject?: string[] } = {}) {
  const received: ReceivedMail[] = [];
  const reject = new Set((opts.reject ?? []).map((a) => a.toLowerCase()));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push(parse(Buffer.concat(chunks).toString('latin1'), from, session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    /** Addresses refused from now on (lower case). */
    reject,
    /** Settings for a test server that sends through this listener. */
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: '"Văn phòng HĐND" <vanphong@hdnd.test>' },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
