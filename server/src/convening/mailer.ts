import nodemailer from 'nodemailer';
import type { Config } from '../platform/config.js';

/** One e-mail with its PDF attached. */
export interface Letter {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachment: { fileName: string; content: Uint8Array };
}

/** How one sending ended: sent, or why not, and whether the server itself is unreachable. */
export type Delivery = { ok: true } | { ok: false; message: string; serverDown: boolean };

export interface Mailer {
  send(letter: Letter): Promise<Delivery>;
  close(): void;
}

/** Failures of the connection or the sign-in, not of one address: every later letter would fail the same way. */
const SERVER_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EAUTH', 'ETLS', 'ECONNREFUSED', 'EPROTOCOL']);

/** Whether outgoing e-mail is configured (SMTP_HOST and MAIL_FROM). */
export const mailConfigured = (config: Config) => Boolean(config.SMTP_HOST && config.MAIL_FROM);

/** Worded for the secretary: what went wrong and what to do ("vi / en"). */
function explain(err: unknown, config: Config, to: string): Delivery {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const code = e.code ?? '';
  const server = `${config.SMTP_HOST}:${config.SMTP_PORT}`;
  if (code === 'EAUTH') {
    return { ok: false, serverDown: true, message: `Máy chủ thư ${server} từ chối đăng nhập (kiểm tra SMTP_USER, SMTP_PASSWORD); thư chưa được gửi. / The mail server refused the sign-in; nothing was sent.` };
  }
  if (SERVER_CODES.has(code)) {
    return { ok: false, serverDown: true, message: `Không kết nối được máy chủ thư ${server} (${code}); thư chưa được gửi, giấy mời vẫn có trong hệ thống. Hãy kiểm tra máy chủ thư rồi bấm "Gửi thư mời" lại. / Could not reach the mail server (${code}); nothing was sent, try again later.` };
  }
  const reply = (e.response ?? e.message ?? '').slice(0, 200);
  return { ok: false, serverDown: false, message: `Máy chủ thư không nhận thư gửi tới ${to}${e.responseCode ? ` (mã ${e.responseCode})` : ''}: ${reply} / The mail server did not accept the letter to ${to}.` };
}

/**
 * An SMTP connection for one sending round, through any server the settings name. Letters
 * go one after another over one pooled connection; `close` ends it.
 */
export function openMailer(config: Config): Mailer | null {
  if (!mailConfigured(config)) return null;
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(letter) {
      try {
        await transport.sendMail({
          from: config.MAIL_FROM,
          to: letter.to,
          subject: letter.subject,
          text: letter.text,
          html: letter.html,
          attachments: [{ filename: letter.attachment.fileName, content: Buffer.from(letter.attachment.content), contentType: 'application/pdf' }],
        });
        return { ok: true };
      } catch (err) {
        return explain(err, config, letter.to);
      }
    },
    close() {
      transport.close();
    },
  };
}
