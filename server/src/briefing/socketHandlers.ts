import type { z } from 'zod';
import type { types } from 'mediasoup';
import {
  MediaConsume, MediaConsumerRef, MediaLayers, MediaProduce, MediaProducerRef, MediaTransportConnect, MediaTransportRef,
  type MediaConsumerView, type MediaTransportView,
} from '../../../contract/media.js';
import type { ClientToServerEvents } from '../../../contract/events.js';
import type { Deps } from '../app/deps.js';
import { command, parsePayload, type AppServer, type AppSocket } from '../platform/realtime/socket.js';
import { refusedParameters, toAppError } from './errors.js';
import { joinBriefing } from './join.js';
import { closeSession, sessionOf, type MediaSession } from './session.js';
import { recheckAccess } from './access.js';

type Handler<S extends z.ZodType> = { schema: S; run: (s: MediaSession, p: z.infer<S>) => Promise<unknown> };
const h = <S extends z.ZodType>(schema: S, run: (s: MediaSession, p: z.infer<S>) => Promise<unknown>): Handler<S> => ({ schema, run });

/** Every media command after join: validated, then run on the caller's own peer only. */
const HANDLERS: Partial<Record<keyof ClientToServerEvents, Handler<z.ZodType>>> = {
  'media:createTransport': h(MediaTransportRef.partial(), async ({ room, peer }): Promise<MediaTransportView> =>
    (await room.createTransport(peer)) as unknown as MediaTransportView),
  'media:connectTransport': h(MediaTransportConnect, async ({ room, peer }, p) => {
    await refusedParameters('dtlsParameters', () => room.connectTransport(peer, p.transportId, p.dtlsParameters as types.DtlsParameters));
    return null;
  }),
  'media:restartIce': h(MediaTransportRef, ({ room, peer }, p) => room.restartIce(peer, p.transportId)),
  'media:produce': h(MediaProduce, async ({ room, peer }, p) => ({
    producerId: await refusedParameters('rtpParameters', () => room.produce(peer, p.transportId, p.kind, p.rtpParameters as types.RtpParameters, p.source)),
  })),
  'media:consume': h(MediaConsume, async ({ room, peer }, p): Promise<MediaConsumerView> =>
    (await refusedParameters('rtpCapabilities', () => room.consume(peer, p.transportId, p.producerId, p.rtpCapabilities as types.RtpCapabilities))) as MediaConsumerView),
  'media:pause': h(MediaConsumerRef, async ({ peer }, p) => { await peer.consumer(p.consumerId).pause(); return null; }),
  'media:resume': h(MediaConsumerRef, async ({ peer }, p) => { await peer.consumer(p.consumerId).resume(); return null; }),
  'media:closeConsumer': h(MediaConsumerRef, async ({ peer }, p) => { peer.consumer(p.consumerId).close(); return null; }),
  'media:pauseProducer': h(MediaProducerRef, async ({ peer }, p) => { await peer.producer(p.producerId).pause(); return null; }),
  'media:resumeProducer': h(MediaProducerRef, async ({ peer }, p) => { await peer.producer(p.producerId).resume(); return null; }),
  'media:closeProducer': h(MediaProducerRef, async ({ peer }, p) => { peer.producer(p.producerId).close(); return null; }),
  'media:setLayers': h(MediaLayers, async ({ peer }, p) => {
    await peer.consumer(p.consumerId).setPreferredLayers({ spatialLayer: p.spatialLayer, temporalLayer: 2 });
    return null;
  }),
};

/**
 * Video briefing signalling on the app's socket.io connection: join (authorised by the
 * sitting), then transports, producers and consumers of the caller's own peer.
 */
export function registerMediaHandlers(socket: AppSocket, io: AppServer, deps: Deps): void {
  const guarded = (run: (payload: unknown) => Promise<unknown>) =>
    command(deps, socket, async (payload: unknown) => {
      try {
        return await run(payload);
      } catch (err) {
        throw toAppError(err);
      }
    });
  socket.on('media:join', guarded((payload) => joinBriefing(deps, io, socket, payload)));
  socket.on('media:leave', guarded(async () => { closeSession(socket); return null; }));
  for (const [name, handler] of Object.entries(HANDLERS) as Array<[keyof ClientToServerEvents, Handler<z.ZodType>]>) {
    socket.on(name, guarded(async (payload) => {
      const p = parsePayload(handler.schema, payload ?? {});
      const session = sessionOf(socket);
      try {
        await recheckAccess(deps, socket.data.userId, session.access);
      } catch (err) {
        closeSession(socket); // no longer allowed: the peer and its media go
        throw err;
      }
      return handler.run(session, p);
    }));
  }
  socket.on('disconnect', () => closeSession(socket));
}
