import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensurePyhanko } from '../../scripts/lib/pyhanko.mjs';

const run = promisify(execFile);

/**
 * pyHanko's judgement of every signature in a PDF (`pyhanko sign validate --pretty-print`),
 * trusting only `rootPem`; revocation is not checked, or (with `ades`) it must be proven, from
 * the file's own validation data when nothing can be fetched (as an archive years later). The report
 * is returned whatever the exit code (an invalid file is what some tests want to see), with
 * what pyHanko logs after it (its warnings: how `adesverify` says there is no document
 * timestamp to use as proof of existence, or that their chain failed).
 */
export async function pyhankoValidate(pdfPath: string, rootPemPath: string, options: { ades?: boolean } = {}): Promise<string> {
  const dir = await ensurePyhanko();
  // ades: ETSI EN 319 102-1 validation (`adesverify`), which requires revocation data for every certificate of the paths.
  const command = options.ades ? ['adesverify', '--pretty-print'] : ['validate', '--pretty-print', '--no-revocation-check'];
  const args = ['-m', 'pyhanko', 'sign', ...command, '--trust', rootPemPath, '--trust-replace', pdfPath];
  return run('python3', args, { env: { ...process.env, PYTHONPATH: dir, PYTHONWARNINGS: 'ignore' } })
    .then((r) => `${r.stdout}${r.stderr}`, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
}
