import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A fresh SoftHSM2 token in a temporary directory, for tests: its own configuration (pointed
 * to by SOFTHSM2_CONF, which the library reads when this process first initialises it) and
 * token store, initialised with `softhsm2-util --init-token --free`. Needs Debian's softhsm2.
 */

const run = promisify(execFile);

export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface TestToken {
  module: string;
  tokenLabel: string;
  pin: string;
}

export async function createSoftHsmToken(dir: string, tokenLabel: string, pin = '246810'): Promise<TestToken> {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true, mode: 0o700 });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  await run('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', `${pin}99`], { env: { ...process.env, SOFTHSM2_CONF: conf } });
  return { module: SOFTHSM2_MODULE, tokenLabel, pin };
}
