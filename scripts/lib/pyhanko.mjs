// pyHanko, the independent PDF signature validator the signing tests check every signed file
// with (besides poppler's pdfsig): from PyPI into the cache with pip --target, every package
// pinned (no resolver, nothing system-wide). Only the tests use it; the product does not.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, run, step } from './util.mjs';

const PACKAGES = [
  'pyHanko==0.38.0', 'pyhanko-cli==0.6.0', 'pyhanko-certvalidator==0.33.0', 'asn1crypto==1.5.1', 'cryptography==51.0.1', 'cffi==2.1.1',
  'pycparser==3.12', 'oscrypto==1.3.0', 'click==8.5.1', 'PyYAML==6.0.4', 'tzlocal==5.4.5', 'uritools==7.0.1', 'lxml==6.2.1',
  'platformdirs==4.14.9', 'typing_extensions==4.16.0', 'aiohttp==3.14.5', 'aiohappyeyeballs==2.7.1', 'aiosignal==1.4.0', 'attrs==26.1.0',
  'frozenlist==1.8.0', 'multidict==7.2.1', 'propcache==0.5.4', 'yarl==1.25.1', 'idna==3.21', 'certifi==2026.10.19.post1',
];
export const PYHANKO_DIR = cacheDir('pyhanko', '0.38.0');

export async function ensurePyhanko() {
  if (existsSync(join(PYHANKO_DIR, 'pyhanko', '__main__.py'))) return PYHANKO_DIR;
  step('Fetching pyHanko 0.38.0 from PyPI (the signing tests\' independent PDF signature validator)');
  rmSync(PYHANKO_DIR, { recursive: true, force: true });
  await run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--root-user-action=ignore', '--target', PYHANKO_DIR, ...PACKAGES]);
  return PYHANKO_DIR;
}
