import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensurePyhanko } from '../../scripts/lib/pyhanko.mjs';

const run = promisify(execFile);

/**
 * pyHanko's judgement of every signature in a PDF (`pyhanko sign validate --pretty-print`),
 * trusting only `rootPem`; revocation is not checked (the test CA publishes none). The report
 * is returned whatever the exit code: an invalid file is what some tests want to see.
 */
export async function pyhankoValidate(pdfPath: string, rootPemPath: string): Promise<string> {
  const dir = await ensurePyhanko();
  const args = ['-m', 'pyhanko', 'sign', 'validate', '--pretty-print', '--no-revocation-check', '--trust', rootPemPath, '--trust-replace', pdfPath];
  return run('python3', args, { env: { ...process.env, PYTHONPATH: dir, PYTHONWARNINGS: 'ignore' } })
    .then((r) => r.stdout, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
}
