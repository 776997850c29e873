import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { buildLiveSitting, mintCookies, connectClient, type LiveSitting } from '../helpers/liveFixtures.js';
import type { ClientSocket } from '../helpers/sockets.js';
import { COMMAND_NAMES, type CommandName } from '../../contract/commands.js';
import type { Ack } from '../../contract/errors.js';
import { MediaService } from '../../media/src/MediaService.js';
import { testPool } from '../../media/src/testKit.js';

/**
 * The permission matrix of the socket commands (issue 12), as server/src/org/permissions.test.ts
 * is for REST: every command of contract/commands.ts, sent with a valid payload by every role
 * over a real socket, is refused `forbidden` exactly for the roles this table says. The table
 * is written out here, not read from the contract, so a change to who may send a command
 * fails this test until the matrix is changed with it. "allow" means not refused for who the
 * sender is: the command may still be refused for the data (a draft poll is not open).
 */
type Sender = 'observer' | 'delegate' | 'operator' | 'chair' | 'secretariat' | 'outsider' | 'otherChair';
const SENDERS: Sender[] = ['observer', 'delegate', 'operator', 'chair', 'secretariat', 'outsider', 'otherChair'];
type Allowed = readonly Sender[];

const ALL: Allowed = SENDERS;
const MEMBERS: Allowed = ['observer', 'delegate', 'operator', 'chair', 'secretariat'];
const CHAIR: Allowed = ['chair'];
const CHAIR_STAFF: Allowed = ['chair', 'secretariat'];
const SPEAKERS: Allowed = ['delegate', 'chair'];

/** Who is NOT refused `forbidden`, per command. */
const MATRIX: Record<CommandName, Allowed> = {
  'me:get': ALL,
  'sitting:join': MEMBERS,
  'sitting:leave': ALL,
  'sitting:snapshot': MEMBERS,
  'session:follow': MEMBERS,
  'session:unfollow': ALL,
  'presenter:page': CHAIR_STAFF, // a delegate only while holding the floor (not here)
  'presenter:get': MEMBERS,
  'sitting:setStatus': CHAIR_STAFF,
  'sitting:setClosedDoors': CHAIR,
  'agenda:setCurrent': CHAIR,
  'attendance:checkIn': ['delegate', 'operator', 'chair', 'secretariat'],
  'floor:request': [...SPEAKERS, 'operator'], // an operator for a delegate attending from their room
  'floor:withdraw': [...SPEAKERS, 'operator'],
  'floor:reorder': CHAIR,
  'floor:grant': CHAIR,
  'floor:end': SPEAKERS,
  'poll:list': MEMBERS,
  'poll:create': CHAIR_STAFF,
  'poll:update': CHAIR_STAFF,
  'poll:delete': CHAIR_STAFF,
  'poll:open': CHAIR,
  'poll:reopen': CHAIR,
  'poll:vote': ['delegate'],
  'poll:close': CHAIR,
  'poll:publish': CHAIR_STAFF,
  'media:join': MEMBERS,
  'media:leave': ALL,
  'media:createTransport': MEMBERS,
  'media:connectTransport': MEMBERS,
  'media:restartIce': MEMBERS,
  'media:produce': MEMBERS,
  'media:consume': MEMBERS,
  'media:pause': MEMBERS,
  'media:resume': MEMBERS,
  'media:closeConsumer': MEMBERS,
  'media:pauseProducer': MEMBERS,
  'media:resumeProducer': MEMBERS,
  'media:closeProducer': MEMBERS,
  'media:setLayers': MEMBERS,
};

/**
 * Senders the table allows but the data of this fixture refuses, each with its reason: the
 * row then expects `forbidden` for them too (the handler's check, after the dispatcher's).
 */
const REFUSED_BY_DATA: Partial<Record<CommandName, { senders: Allowed; why: string }>> = {
  'floor:request': { senders: ['chair'], why: 'this chair is not also a delegate of the council' },
  'floor:end': { senders: ['delegate'], why: 'a delegate ends only their own speech, and nobody is speaking' },
  'media:produce': { senders: MEMBERS, why: 'each joined as a viewer, and a viewer sends no media (only the hall and a room given the floor do)' },
  'media:consume': { senders: MEMBERS, why: 'an unknown producer is not one this peer may receive (no existence leak)' },
};

let server: TestServer;
let media: MediaService;
let live: LiveSitting;
let pointId: string;
const sockets = {} as Record<Sender, ClientSocket>;

beforeAll(async () => {
  media = MediaService.withPool(await testPool(1), { transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 1_500_000 }, consumerBudget: 100 });
  server = await startTestServer({ media });
  const m = server.deps.models;
  live = await buildLiveSitting(m, { delegates: 3, electedTotal: 5, items: 2 });
  const other = await buildLiveSitting(m, { delegates: 1, electedTotal: 1, items: 1 });
  const council = await m.Council.findById(live.councilId).lean();
  const point = await m.MeetingPoint.create({ unitId: council!.unitId, name: 'Điểm cầu xã' });
  pointId = String(point._id);
  await m.Sitting.updateOne({ _id: live.sittingId }, { $set: { meetingPointIds: [point._id] } });
  await m.Membership.updateOne({ userId: live.delegateIds[1], councilId: live.councilId }, { $set: { meetingPointId: point._id } });
  const [operator, outsider] = await m.User.insertMany([{ login: `op-${randomUUID()}@x.vn`, displayName: 'Vận hành' }, { login: `out-${randomUUID()}@x.vn`, displayName: 'Người ngoài' }]);
  await m.Membership.create({ userId: operator!._id, councilId: live.councilId, role: 'meeting_point_operator', meetingPointId: point._id });
  const ids: Record<Sender, string> = {
    observer: live.observerId, delegate: live.delegateIds[0]!, operator: String(operator!._id), chair: live.chairId,
    secretariat: live.secretaryId, outsider: String(outsider!._id), otherChair: other.chairId,
  };
  const cookies = await mintCookies(m, SENDERS.map((s) => ids[s]));
  for (const [i, s] of SENDERS.entries()) sockets[s] = await connectClient(server.url, cookies[i]!, { reconnection: false });
}, 60_000);
afterAll(async () => {
  for (const s of Object.values(sockets)) s?.close();
  await server?.stop();
  media?.close();
});

const send = (s: ClientSocket, name: string, payload: unknown) =>
  (s as unknown as { timeout(ms: number): { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> } }).timeout(10_000).emitWithAck(name, payload);

/** A fresh draft poll of the sitting, so each row acts on its own. */
async function draftPoll(): Promise<string> {
  const p = await server.deps.models.Poll.create({ sittingId: live.sittingId, councilId: live.councilId, title: 'Thông qua nghị quyết', kind: 'resolution', secret: false, options: [{ key: 'yes', label: 'Tán thành' }, { key: 'no', label: 'Không tán thành' }, { key: 'abstain', label: 'Không biểu quyết' }], threshold: { kind: 'more_than_half' }, status: 'draft', createCommandId: randomUUID() });
  return String(p._id);
}

const UUID = '00000000-0000-4000-8000-000000000000';
const cmd = () => ({ sittingId: live.sittingId, commandId: randomUUID() });

/** A valid payload of each command, for `who`: it acts on something that exists wherever it can. */
async function payloadFor(name: CommandName, who: Sender): Promise<unknown> {
  const sittingId = live.sittingId;
  switch (name) {
    case 'me:get': return {};
    case 'sitting:join': case 'sitting:leave': case 'sitting:snapshot': case 'presenter:get': case 'poll:list': return { sittingId };
    case 'session:follow': case 'session:unfollow': return { sessionId: live.sessionId };
    case 'presenter:page': {
      const doc = await server.deps.models.Document.findOne({ sessionId: live.sessionId }).lean();
      return { sittingId, documentId: doc ? String(doc._id) : '0'.repeat(24), page: 1 };
    }
    case 'sitting:setStatus': return { ...cmd(), status: 'open' }; // the status it has: applies, changes nothing
    case 'sitting:setClosedDoors': return { ...cmd(), closedDoors: false }; // as it is: applies, changes nothing
    case 'agenda:setCurrent': return { ...cmd(), agendaItemId: live.itemIds[0] };
    case 'attendance:checkIn':
      if (who === 'operator') return { ...cmd(), userId: live.delegateIds[1], status: 'online', meetingPointId: pointId };
      if (who === 'secretariat') return { ...cmd(), userId: live.delegateIds[2], status: 'hall' };
      return { ...cmd(), status: 'hall' };
    case 'floor:request': return who === 'operator' ? { ...cmd(), kind: 'speak', userId: live.delegateIds[1] } : { ...cmd(), kind: 'speak' };
    case 'floor:withdraw': case 'floor:grant': return { ...cmd(), requestId: 'no-such-request' };
    case 'floor:reorder': return { ...cmd(), requestIds: [] };
    case 'floor:end': return cmd();
    case 'poll:create': return { ...cmd(), title: 'Biểu quyết thử', kind: 'resolution', secret: false, threshold: { kind: 'more_than_half' } };
    case 'poll:update': return { pollId: await draftPoll(), commandId: randomUUID(), title: 'Biểu quyết đã sửa', kind: 'resolution', secret: true, threshold: { kind: 'at_least_two_thirds' } };
    case 'poll:open': case 'poll:close': case 'poll:publish': case 'poll:delete': return { pollId: await draftPoll(), commandId: randomUUID() };
    case 'poll:reopen': return { pollId: await draftPoll(), commandId: randomUUID(), fromRound: 1 };
    case 'poll:vote': return { pollId: await draftPoll(), commandId: randomUUID(), round: 1, choices: ['yes'] };
    case 'media:join': return { sittingId, role: 'viewer' };
    case 'media:leave': return {};
    case 'media:createTransport': return {};
    case 'media:connectTransport': return { transportId: UUID, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] } };
    case 'media:restartIce': return { transportId: UUID };
    case 'media:produce': return { transportId: UUID, kind: 'audio', source: 'mic', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] } };
    case 'media:consume': return { transportId: UUID, producerId: UUID, rtpCapabilities: { codecs: [] } };
    case 'media:pause': case 'media:resume': case 'media:closeConsumer': case 'media:setLayers': return name === 'media:setLayers' ? { consumerId: UUID, spatialLayer: 0 } : { consumerId: UUID };
    case 'media:pauseProducer': case 'media:resumeProducer': case 'media:closeProducer': return { producerId: UUID };
  }
}

/** Commands that need the sitting's room or the briefing joined first (as a screen does). */
async function prepare(name: CommandName, s: ClientSocket): Promise<void> {
  if (name.startsWith('media:') && name !== 'media:join' && name !== 'media:leave') await send(s, 'media:join', { sittingId: live.sittingId, role: 'viewer' });
  else if (['sitting:snapshot', 'presenter:page', 'presenter:get', 'poll:list'].includes(name)) await send(s, 'sitting:join', { sittingId: live.sittingId });
}

describe('every socket command is refused forbidden exactly for the senders the matrix names', () => {
  it('the matrix has a row for every command of contract/commands.ts, and no other', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(COMMAND_NAMES)('%s', async (name) => {
    const got: Record<string, string> = {};
    for (const who of SENDERS) {
      await prepare(name, sockets[who]);
      const ack = await send(sockets[who], name, await payloadFor(name, who));
      got[who] = ack.ok ? 'allow' : ack.error === 'forbidden' ? 'deny' : ack.error === 'validation_failed' ? `invalid: ${ack.message}` : 'allow';
    }
    const byData = REFUSED_BY_DATA[name]?.senders ?? [];
    const want = Object.fromEntries(SENDERS.map((w) => [w, MATRIX[name].includes(w) && !byData.includes(w) ? 'allow' : 'deny']));
    expect(got).toEqual(want);
  }, 30_000);
});
