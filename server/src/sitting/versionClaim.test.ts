import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/testServer.js';
import { KEPT_CLAIMS, pruneClaims } from './versionClaim.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.stop(); });

const claim = (sittingId: string, version: number) =>
  ({ _id: `${sittingId}:${version}`, sittingId, version, fence: 1, set: { attendance: [] }, recent: null });

describe('version claims of a sitting (cluster mode)', () => {
  it('pruning keeps the newest claims of that sitting and leaves other sittings alone', async () => {
    const { SittingVersion } = server.deps.models;
    const head = 2 * KEPT_CLAIMS + 50;
    await SittingVersion.insertMany(Array.from({ length: head }, (_, i) => claim('s-pruned', i + 1)));
    await SittingVersion.insertMany([1, 2, 3].map((v) => claim('s-other', v)));

    expect(await pruneClaims(server.deps, 's-pruned', head)).toBe(head - KEPT_CLAIMS);

    const kept = (await SittingVersion.find({ sittingId: 's-pruned' }, { version: 1 }).lean()).map((c) => c.version).sort((a, b) => a - b);
    expect(kept).toEqual(Array.from({ length: KEPT_CLAIMS }, (_, i) => head - KEPT_CLAIMS + 1 + i));
    expect(await SittingVersion.countDocuments({ sittingId: 's-other' })).toBe(3);
  });
});
