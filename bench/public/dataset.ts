// bench:public: the portal's world, written by the product's own code paths. The demo seed
// (server/src/seed: a province council with its delegates, a published session with its
// agenda and a public and a closed-door sitting, a past session, PDFs) and then the portal
// tests' world (test/helpers/portalFixtures.ts: a second council whose sitting is PLAYED
// through the real socket commands — check-in, floor, a named and a secret poll voted and
// closed, a question answered with a commitment — its polls then published by the chair with
// poll:publish, plus an OPEN public sitting "Phiên chiều", and everything that must stay
// hidden). Returns the portal paths to load and the open public sitting to webcast.
import type { RunningServer } from '../../server/src/app/server.js';
import type { Config } from '../../server/src/platform/config.js';
import { seedDemoIfEmpty } from '../../server/src/seed/demo.js';
import { buildPortalWorld } from '../../test/helpers/portalFixtures.js';
import type { ClientSocket } from '../../test/helpers/sockets.js';
import type { TestServer } from '../../test/helpers/testServer.js';

export interface PortalDataset {
  liveSittingId: string;
  targets: Array<{ path: string; weight: number }>;
  summary: Record<string, number>;
}

export async function buildDataset(server: RunningServer, config: Config, withClient: boolean): Promise<PortalDataset> {
  const { models } = server.deps;
  await seedDemoIfEmpty(server.deps);
  const sockets: ClientSocket[] = [];
  const asTestServer = { ...server, config, dbName: '', stop: () => server.close() } as TestServer;
  const world = await buildPortalWorld(asTestServer, sockets);
  await world.publish();
  for (const s of sockets) s.close();

  const councils = (await models.Council.find({}, { _id: 1 }).lean()).map((c) => String(c._id));
  const demoSitting = await models.Sitting.findOne({ title: 'Phiên khai mạc và thảo luận' }, { _id: 1 }).lean();
  const publicDocs = (await models.Document.find({ access: 'public' }, { _id: 1 }).lean()).map((d) => String(d._id));
  const targets: Array<{ path: string; weight: number }> = [{ path: '/api/public/councils', weight: 2 }];
  for (const c of councils) targets.push({ path: `/api/public/councils/${c}/calendar`, weight: 2 }, { path: `/api/public/councils/${c}/delegates`, weight: 1 });
  for (const s of [world.sittingId, world.liveSittingId, demoSitting ? String(demoSitting._id) : null]) if (s) targets.push({ path: `/api/public/sittings/${s}`, weight: 3 });
  for (const d of publicDocs) targets.push({ path: `/api/public/documents/${d}/file`, weight: 0.5 });
  if (withClient) targets.push({ path: '/cong-khai', weight: 2 }, { path: '/', weight: 1 });
  const summary = {
    councils: councils.length,
    delegates: await models.Membership.countDocuments({ role: 'delegate' }),
    sessions: await models.CouncilSession.countDocuments({}),
    sittings: await models.Sitting.countDocuments({}),
    agendaItems: await models.AgendaItem.countDocuments({}),
    publishedPolls: await models.Poll.countDocuments({ status: 'published' }),
    documents: await models.Document.countDocuments({}),
    publicDocuments: publicDocs.length,
    questions: await models.Question.countDocuments({}),
  };
  return { liveSittingId: world.liveSittingId, targets, summary };
}
