import { z } from 'zod';
import { cpus } from 'node:os';
import { personSettingsProblem, SigningSettingsShape } from '../signing/settings.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every setting the server reads, validated at start. The README's settings table mirrors
 * this schema; a bad value stops the server with a message naming the variable.
 */
export const ConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Public base URL printed at start and used for cookie security. */
  PUBLIC_URL: z.url().optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').default('mongodb://127.0.0.1:27027/hdnd'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Database commands slower than this many ms are logged (name, collection, ms; never values). 0: off. */
  DB_SLOW_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Set when served over HTTPS so cookies carry the Secure flag. */
  COOKIE_SECURE: bool.default(false),
  /** Sign-in throttling (server/src/auth/throttle.ts): failures allowed per account in the window, then it is refused. */
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /**
   * Failures from one address (any accounts) in the window above which that address gets one
   * try per account; far above what a hall of tablets sharing an address produces.
   */
  SIGNIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(300),
  /** An account that signed in from an address this recently is exempt from that address's limit; 0 turns this off. */
  SIGNIN_KNOWN_ADDRESS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** mediasoup workers; 0 means one per core. */
  MEDIA_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /** The first media worker's WebRTC port (UDP and TCP); worker i listens on RTC_PORT + i. */
  RTC_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  /** Address announced in ICE candidates (the server's public or LAN IP, or a host name). */
  RTC_ANNOUNCED_IP: z.string().optional(),
  RTC_LISTEN_IP: z.string().default('127.0.0.1'),
  /** Consumers one worker carries before a briefing spreads to another worker (measured: bench:media). */
  MEDIA_CONSUMERS_PER_WORKER: z.coerce.number().int().min(2).max(10_000).default(500),
  /**
   * ICE consent (RFC 7675): a connected participant whose browser stops answering for this
   * long loses its connection (mediasoup accepts 10–60).
   */
  MEDIA_ICE_CONSENT_SECONDS: z.coerce.number().int().min(10).max(60).default(30),
  /**
   * A participant with no connected transport this long is dropped: what ICE consent does
   * not cover (a transport never connected; the time left for an ICE restart after consent
   * was lost).
   */
  MEDIA_SILENCE_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** Directory holding the built client; empty disables static serving. */
  CLIENT_DIST: z.string().default('client/dist'),
  /** Seed the demo data when the database is empty. */
  SEED_DEMO: bool.default(true),
  /** Trust X-Forwarded-For from a reverse proxy (for throttling by address). */
  TRUST_PROXY: bool.default(false),
  /** Largest document upload, in bytes (default 200 MB). */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(4 * 1024 ** 3).default(200 * 1024 ** 2),
  /** An uploaded PDF is read in an isolate that is ended after this many seconds (a parser trap)… */
  DOCUMENT_INSPECT_SECONDS: z.coerce.number().min(1).max(600).default(60),
  /** …or when its heap passes this many MB (loading pdf.js alone takes about 100). */
  DOCUMENT_INSPECT_MEMORY_MB: z.coerce.number().int().min(192).max(8192).default(768),
  /**
   * Local copies of document files, named by their SHA-256, filled from GridFS on first read
   * (GridFS stays the source of truth); uploads are staged here too.
   */
  DOCUMENT_CACHE_DIR: z.string().default('data/document-cache'),
  /**
   * Where each council's Ed25519 signing key (minutes, archive manifests) is kept, one
   * `<councilId>.ed25519.pem` file (mode 0600) per council; never in the database.
   */
  SIGNING_KEY_DIR: z.string().min(1).default('data/keys'),
  /** The PDF seal on a PKCS#11 token and the timestamp authority (server/src/signing/settings.ts). */
  ...SigningSettingsShape,
  /**
   * The live webcast of public sittings (HLS, server/src/webcast): on unless `false`; it also
   * needs ffmpeg (without it the server says so once at start and works on without webcasts).
   */
  WEBCAST: bool.default(true),
  /** The ffmpeg binary the webcast runs. */
  WEBCAST_FFMPEG: z.string().min(1).default('ffmpeg'),
  /** Live playlists and segments (`live/`, removed when a webcast ends) and recordings (`recordings/`). */
  WEBCAST_DIR: z.string().min(1).default('data/webcast'),
  /** Recordings of public sittings are deleted this many days after they ended; 0 keeps them forever. */
  WEBCAST_RECORDING_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  /** The recordings may take at most this many GB; beyond it webcasts stop (and say so in the log). 0: no cap. */
  WEBCAST_RECORDING_MAX_GB: z.coerce.number().min(0).max(1_000_000).default(0),
  /** Webcasts stop (and say so in the log) when the free space where WEBCAST_DIR lies falls below this many MB. */
  WEBCAST_MIN_FREE_MB: z.coerce.number().int().min(0).max(100_000_000).default(2048),
  /**
   * Outgoing e-mail (invitations, server/src/convening): any SMTP server. Without SMTP_HOST
   * no e-mail is sent and the secretariat is told so; invitations are still shown in the product.
   */
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** `true`: TLS from the first byte (port 465); `false`: STARTTLS when the server offers it. */
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** The sender, `hdnd@example.vn` or `"Văn phòng HĐND" <hdnd@example.vn>`. */
  /**
   * Cluster mode (README "Running a cluster"): several server processes on one database share
   * this Redis — socket.io's streams adapter, the sittings' owner leases, forwarded commands.
   * Unset: one process, nothing in Redis.
   */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** How long a sitting's owner lease lasts without renewal (renewed every third of it): a dead owner's sittings move after at most this. */
  CLUSTER_LEASE_MS: z.coerce.number().int().min(500).max(60_000).default(3000),
  /** UDP ports (first-last) of the media links between the hosts of a cluster (one per briefing and pair of hosts), for the firewall rule. */
  CLUSTER_PIPE_PORTS: z.string().regex(/^\d{4,5}-\d{4,5}$/, 'must be first-last, e.g. 41000-41999').default('41000-41999')
    .transform((v) => { const [min, max] = v.split('-').map(Number) as [number, number]; return { min, max }; })
    .refine((r) => r.min >= 1024 && r.max <= 65535 && r.min <= r.max, 'must be a range within 1024-65535'),
  MAIL_FROM: z.string().min(3).max(300).regex(/^(?:[^<>]*<[^<>\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+)$/, 'must be an e-mail address, optionally as "Name <address>"').optional(),
}).refine((c) => !c.SMTP_HOST || c.MAIL_FROM, { message: 'is required when SMTP_HOST is set (the sender of invitations)', path: ['MAIL_FROM'] })
  .refine((c) => !c.SMTP_PASSWORD || c.SMTP_USER, { message: 'is required when SMTP_PASSWORD is set', path: ['SMTP_USER'] })
  // One remote service for officials' own signatures, with its credentials (server/src/signing/settings.ts).
  .superRefine((c, ctx) => {
    const problem = personSettingsProblem(c);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.variable] });
  });

export type Config = z.infer<typeof ConfigSchema> & { mediaWorkers: number };

export class ConfigError extends Error {}

/** Reads and validates settings; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const retired = ['RTC_MIN_PORT', 'RTC_MAX_PORT'].filter((k) => env[k]);
  if (retired.length > 0) {
    throw new ConfigError(`Invalid settings:\n  ${retired.join(', ')}: no longer used — each media worker now takes one port for UDP and TCP; set RTC_PORT (the first worker's port, default 40000) and open RTC_PORT … RTC_PORT + workers − 1`);
  }
  const known = Object.keys(ConfigSchema.shape ?? {});
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' && (known.length === 0 || known.includes(k))));
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return { ...c, mediaWorkers: c.MEDIA_WORKERS === 0 ? cpus().length : c.MEDIA_WORKERS };
}
