// bench:public: the baseline, a plain static file server (node:http + a file stream, the
// same headers as the product's live route) in a process of its own, serving one directory.
// Prints its port on the first line of stdout. Usage: node --import tsx bench/public/static.ts <dir>
import { createServer } from 'node:http';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { basename, join } from 'node:path';

const dir = process.argv[2]!;
const srv = createServer((req, res) => {
  const file = join(dir, basename(req.url ?? '/'));
  // Opened once, its size from that open file: the playlist is replaced (rename) every second
  // and a segment may be deleted, so a stat by name then an open by name could disagree.
  open(file, 'r').then(async (fh) => {
    const info = await fh.stat().catch(async (e: unknown) => { await fh.close(); throw e; });
    const m3u8 = file.endsWith('.m3u8');
    res.writeHead(200, { 'content-length': info.size, 'content-type': m3u8 ? 'application/vnd.apple.mpegurl' : 'video/mp2t', 'cache-control': m3u8 ? 'no-cache' : 'public, max-age=60, immutable' });
    // pipeline ends both on an error or a viewer gone (even before this line); the stream
    // closes the handle when it ends or is destroyed.
    pipeline(fh.createReadStream(), res, () => {});
  }).catch(() => { if (!res.headersSent) res.writeHead(404).end(); else res.destroy(); });
});
srv.listen(0, '127.0.0.1', () => console.log(String((srv.address() as { port: number }).port)));
process.once('SIGTERM', () => { srv.closeAllConnections(); srv.close(); process.exit(0); });
