import { parseArgs } from 'node:util';
import { verifyPaths } from './verifyFiles.js';
import { trustAnchorsOf } from '../../signing/settings.js';

/**
 * Verifies records offline, with no database:
 *
 *   npm run records:verify -- <bundle.zip>
 *   npm run records:verify -- <minutes.pdf> [<minutes.pdf.sig.json>] [--expect-key <fingerprint>]
 *   npm run records:verify -- <minutes.pdf.sig.json>
 *   … [--trust <roots.pem>]   (default: the file named by SIGNING_TRUST_ANCHORS)
 *
 * Prints one line per file (OK or FAILED with the reason), who signed and the key's
 * fingerprint, then each signature embedded in a PDF in Vietnamese (signer, chain to the
 * trust anchors, coverage, timestamp, PAdES level). Exit 0: intact; 1: something fails (named); 2: cannot run (file missing).
 */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'expect-key': { type: 'string' }, trust: { type: 'string' } }, strict: true });
  const [file, signature] = positionals;
  if (!file) {
    console.error('Cách dùng / usage: npm run records:verify -- <tệp .zip | .pdf | .sig.json> [<.sig.json>] [--expect-key <dấu vân tay>] [--trust <gốc tin cậy .pem>]');
    return 2;
  }
  const trustAnchors = await trustAnchorsOf(values.trust ?? process.env.SIGNING_TRUST_ANCHORS);
  const { code, lines } = await verifyPaths({ file, ...(signature ? { signature } : {}), ...(values['expect-key'] ? { expectKey: values['expect-key'] } : {}), trustAnchors });
  for (const line of lines) (code === 2 ? console.error : console.log)(line);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('Không kiểm tra được / cannot verify:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
