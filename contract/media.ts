import { z } from 'zod';
import { Id } from './common.js';

/**
 * Video briefings (họp trực tuyến) over mediasoup: the signalling payloads. mediasoup
 * validates RTP and DTLS parameters itself; these schemas bound their shape and size so a
 * malformed or oversized payload is refused at the boundary.
 */
export const MediaRole = z.enum(['hall', 'room', 'remote', 'viewer']);
/**
 * hall: the main hall (chair, secretariat); room: a commune meeting point (điểm cầu); remote:
 * a delegate attending from their own device (camera to the chair's grid, microphone only
 * while holding the floor); viewer: receive only.
 */
export type MediaRole = z.infer<typeof MediaRole>;
export const MediaSource = z.enum(['mic', 'camera', 'screen']);
export type MediaSource = z.infer<typeof MediaSource>;
export const MediaKind = z.enum(['audio', 'video']);

const Uuid = z.string().min(1).max(64);
const Params = z.record(z.string().max(64), z.union([z.string().max(256), z.number()])).refine((r) => Object.keys(r).length <= 32, 'too many parameters');
const Feedback = z.object({ type: z.string().max(32), parameter: z.string().max(32).optional() });

const Codec = z.object({
  mimeType: z.string().max(64),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().min(1).max(8).optional(),
  parameters: Params.optional(),
  rtcpFeedback: z.array(Feedback).max(16).optional(),
});
const CapabilityCodec = Codec.omit({ payloadType: true }).extend({
  kind: MediaKind,
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
});
const HeaderExtension = z.object({
  uri: z.string().max(256),
  id: z.number().int().min(1).max(255),
  encrypt: z.boolean().optional(),
  parameters: Params.optional(),
});
const CapabilityExtension = z.object({
  kind: MediaKind,
  uri: z.string().max(256),
  preferredId: z.number().int().min(1).max(255),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});
const Encoding = z.object({
  ssrc: z.number().int().nonnegative().optional(),
  rid: z.string().max(32).optional(),
  codecPayloadType: z.number().int().optional(),
  rtx: z.object({ ssrc: z.number().int().nonnegative() }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(16).optional(),
  scaleResolutionDownBy: z.number().positive().optional(),
  maxBitrate: z.number().int().positive().optional(),
  maxFramerate: z.number().positive().optional(),
  adaptivePtime: z.boolean().optional(),
  priority: z.string().max(16).optional(),
  networkPriority: z.string().max(16).optional(),
  active: z.boolean().optional(),
});

export const RtpParameters = z.object({
  mid: z.string().max(32).optional(),
  codecs: z.array(Codec).min(1).max(16),
  headerExtensions: z.array(HeaderExtension).max(32).optional(),
  encodings: z.array(Encoding).min(1).max(4).optional(),
  rtcp: z.object({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional(), mux: z.boolean().optional() }).optional(),
});
export type RtpParameters = z.infer<typeof RtpParameters>;

export const RtpCapabilities = z.object({
  codecs: z.array(CapabilityCodec).max(64).optional(),
  headerExtensions: z.array(CapabilityExtension).max(64).optional(),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilities>;

export const DtlsParameters = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) })).min(1).max(8),
});

/** Joining a briefing: as the main hall, as a meeting point (with its id) or as a viewer. */
export const MediaJoin = z.object({ sittingId: Id, role: MediaRole, meetingPointId: Id.nullable().default(null) });
export const MediaTransportConnect = z.object({ transportId: Uuid, dtlsParameters: DtlsParameters });
export const MediaTransportRef = z.object({ transportId: Uuid });
export const MediaProduce = z.object({ transportId: Uuid, kind: MediaKind, source: MediaSource, rtpParameters: RtpParameters });
export const MediaConsume = z.object({ transportId: Uuid, producerId: Uuid, rtpCapabilities: RtpCapabilities });
export const MediaConsumerRef = z.object({ consumerId: Uuid });
export const MediaProducerRef = z.object({ producerId: Uuid });
/** The simulcast layer the client wants for a consumer (from the size it shows it at). */
export const MediaLayers = z.object({ consumerId: Uuid, spatialLayer: z.number().int().min(0).max(2) });

/** A participant of the briefing as every screen shows it. */
export interface MediaPeerView {
  peerId: string;
  /** The person signed in on this peer's device (the operator, for a meeting point). */
  userId: string;
  displayName: string;
  role: MediaRole;
  meetingPointId: string | null;
  /** The meeting point's name (điểm cầu), when it is one. */
  meetingPointName: string | null;
}

/** The same, as checked when another server of a cluster tells it (server/src/briefing/cascade.ts). */
export const MediaPeerViewSchema = z.object({
  peerId: z.string().min(1), userId: z.string().min(1), displayName: z.string(), role: MediaRole,
  meetingPointId: z.string().nullable(), meetingPointName: z.string().nullable(),
});

/** A producer the client may consume. */
export interface MediaProducerView {
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
}

export interface MediaJoined {
  peerId: string;
  /** The router's RTP capabilities, for `Device.load()`. */
  rtpCapabilities: RtpCapabilities;
  producers: MediaProducerView[];
  peers: MediaPeerView[];
  /** Who holds the floor in the briefing (see `floorKeyOf`), if anyone outside the hall. */
  floor: string | null;
}

/**
 * The key a briefing's floor names its holder by: a commune room by its meeting point's id,
 * a delegate on their own device by their user id; the hall and viewers never hold it (they
 * are heard, or never send).
 */
export function floorKeyOf(p: Pick<MediaPeerView, 'role' | 'meetingPointId' | 'userId'>): string | null {
  if (p.role === 'room') return p.meetingPointId;
  if (p.role === 'remote') return p.userId;
  return null;
}

/** Whether this peer holds the floor named by `floor`. */
export const holdsFloor = (p: Pick<MediaPeerView, 'role' | 'meetingPointId' | 'userId'>, floor: string | null): boolean =>
  floor !== null && floorKeyOf(p) === floor;

export interface MediaTransportView {
  id: string;
  iceParameters: { usernameFragment: string; password: string; iceLite?: boolean };
  iceCandidates: Array<Record<string, unknown>>;
  dtlsParameters: z.infer<typeof DtlsParameters>;
}

export interface MediaConsumerView {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  rtpParameters: RtpParameters;
}

/** Why the client must set its media up again (`ended`: the sitting closed; joining again is refused). */
/** `closed_doors`: the sitting turned closed-door and no longer admits this connection (joining again says why). */
export type MediaRestartReason = 'worker_died' | 'silent' | 'ended' | 'closed_doors';

/** A consumer's connection quality, for the indicator. */
export interface MediaLayersView {
  consumerId: string;
  /** mediasoup's score 0–10 of what this client receives, and of what the sender sends. */
  score: number;
  producerScore: number;
  /** The simulcast layer forwarded now (null: none or not simulcast). */
  spatialLayer: number | null;
}
