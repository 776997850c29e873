import type { types } from 'mediasoup';
import { WorkerPool } from './WorkerPool.js';
import { Room } from './Room.js';
import type { Peer } from './Peer.js';

/** Test fixtures with real workers: RTP parameters a browser would send, a room on a pool. */
export const AUDIO = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 11111111 }],
  headerExtensions: [],
  rtcp: { cname: 'test' },
} satisfies types.RtpParameters;

export const VIDEO_SIMULCAST = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }],
  encodings: [{ ssrc: 22220000 }, { ssrc: 22220001 }, { ssrc: 22220002 }],
  headerExtensions: [],
  rtcp: { cname: 'test' },
} satisfies types.RtpParameters;

/** A WebRTC listen setting for tests: loopback, any free port of a range (files run in parallel). */
export const testListen = (min = 42000, max = 59999) => ({ ip: '127.0.0.1', portRange: { min, max } });

/** A pool whose workers' WebRTC servers take any free loopback port (a taken one is skipped). */
export async function testPool(size: number, respawnDelayMs = 50): Promise<WorkerPool> {
  return WorkerPool.create({ size, listen: testListen(), respawnDelayMs });
}

export function testRoom(pool: WorkerPool, over: { consumerBudget?: number; silenceTimeoutMs?: number } = {}): Promise<Room> {
  return Room.create({
    id: 'briefing-1', pool,
    consumerBudget: over.consumerBudget ?? 500,
    transport: { initialAvailableOutgoingBitrate: 600_000, maxIncomingBitrate: 1_500_000 },
    silenceTimeoutMs: over.silenceTimeoutMs ?? 60_000,
    keyFrameRequestDelayMs: 1000,
    floorKeyFrameRequestDelayMs: 400,
  });
}

let n = 0;
export const joinAs = async (room: Room, role: 'hall' | 'room' | 'viewer', meetingPointId: string | null = null) =>
  (await room.join({ userId: `u${++n}`, displayName: `Peer ${n}`, role, meetingPointId })).peer;

/** A transport for the peer (not connected: producing and consuming need no media flow). */
export const transportOf = async (room: Room, peer: Peer) => (await room.createTransport(peer)).id;
