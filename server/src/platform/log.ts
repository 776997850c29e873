import { pino, type Logger } from 'pino';

/**
 * Paths never written to logs: passwords, tokens, cookies, signing PINs and OTPs, ballot choices.
 * Redaction is the safety net; code should not log these in the first place.
 */
export const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'cookie', '*.cookie',
  'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]',
  'pin', '*.pin', 'otp', '*.otp',
  'choice', '*.choice', 'choices', '*.choices', 'ballot', '*.ballot',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'hdnd-server' } }, destination);
}

export type { Logger };
