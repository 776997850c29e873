import { z } from 'zod';
import type { types } from 'mediasoup';

/** Where one pipe end receives (its announced address) and the SRTP key it sends with. */
export const linkEndpointSchema = z.object({
  ip: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  srtpParameters: z.object({ cryptoSuite: z.string(), keyBase64: z.string() }).optional(),
});
export type LinkEndpoint = { ip: string; port: number; srtpParameters?: types.SrtpParameters | undefined };

/**
 * RTP parameters as a pipe consumer states them. Checked loosely (the receiving worker
 * checks them fully when producing): enough to reject something that is not RTP parameters.
 */
const rtpParametersSchema = z.looseObject({
  codecs: z.array(z.looseObject({ mimeType: z.string(), payloadType: z.number().int(), clockRate: z.number().int() })).min(1),
  encodings: z.array(z.looseObject({})).optional(),
  headerExtensions: z.array(z.looseObject({ uri: z.string(), id: z.number().int() })).optional(),
  rtcp: z.looseObject({}).optional(),
});

/** A producer of one side made available to the other: produced there with the same id. */
export const producerOfferSchema = z.object({
  producerId: z.string().min(1),
  kind: z.enum(['audio', 'video']),
  rtpParameters: rtpParametersSchema,
  paused: z.boolean(),
  appData: z.record(z.string(), z.unknown()),
});
export interface ProducerOffer {
  producerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  paused: boolean;
  appData: Record<string, unknown>;
}

const producerRef = { linkId: z.string().min(1), producerId: z.string().min(1) };

/**
 * What the two ends of a link tell each other (JSON, carried by the server, e.g. over Redis).
 * From the side that owns a producer: offer, paused, resumed, closed. From the side that
 * produced it again: released (its copy closed: stop sending it). From either: link (its
 * endpoint, to connect to) and linkclosed (its end closed: close yours).
 */
export const cascadeMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('link'), linkId: z.string().min(1), endpoint: linkEndpointSchema }),
  z.object({ type: z.literal('offer'), linkId: z.string().min(1), offer: producerOfferSchema }),
  z.object({ type: z.literal('paused'), ...producerRef }),
  z.object({ type: z.literal('resumed'), ...producerRef }),
  z.object({ type: z.literal('closed'), ...producerRef }),
  z.object({ type: z.literal('released'), ...producerRef }),
  z.object({ type: z.literal('linkclosed'), linkId: z.string().min(1) }),
]);

export type CascadeMessage =
  | { type: 'link'; linkId: string; endpoint: LinkEndpoint }
  | { type: 'offer'; linkId: string; offer: ProducerOffer }
  | { type: 'paused' | 'resumed' | 'closed' | 'released'; linkId: string; producerId: string }
  | { type: 'linkclosed'; linkId: string };

/** Parses a message off the wire (throws a ZodError when it is not one). */
export function parseCascadeMessage(raw: unknown): CascadeMessage {
  return cascadeMessageSchema.parse(raw) as CascadeMessage;
}

/** Sends one message to the other end of a link (the server carries it). */
export type CascadeSend = (message: CascadeMessage) => void;
