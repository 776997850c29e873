import type { types } from 'mediasoup';
import type { MediaConsumerView, MediaTransportView } from '../../../contract/media.js';
import type { CommandName, CommandInput, CommandAck } from '../../../contract/commands.js';
import type { Deps } from '../app/deps.js';
import type { AppServer, AppSocket } from '../platform/realtime/socket.js';
import type { Dispatcher } from '../platform/realtime/dispatch.js';
import type { Actor } from '../council/actor.js';
import { refusedParameters, toAppError } from './errors.js';
import { joinBriefing } from './join.js';
import { closeSession, sessionOf, type MediaSession } from './session.js';
import { recheckAccess } from './access.js';

type MediaCommand = Exclude<Extract<CommandName, `media:${string}`>, 'media:join' | 'media:leave'>;
type Run<N extends MediaCommand> = (s: MediaSession, p: CommandInput<N>) => Promise<CommandAck<N>>;

/** Every media command after join, run on the caller's own peer only. */
const HANDLERS: { [N in MediaCommand]: Run<N> } = {
  'media:createTransport': async ({ room, peer }) => (await room.createTransport(peer)) as unknown as MediaTransportView,
  'media:connectTransport': async ({ room, peer }, p) => {
    await refusedParameters('dtlsParameters', () => room.connectTransport(peer, p.transportId, p.dtlsParameters as types.DtlsParameters));
    return null;
  },
  'media:restartIce': ({ room, peer }, p) => room.restartIce(peer, p.transportId) as Promise<MediaTransportView['iceParameters']>,
  'media:produce': async ({ room, peer }, p) => ({
    producerId: await refusedParameters('rtpParameters', () => room.produce(peer, p.transportId, p.kind, p.rtpParameters as types.RtpParameters, p.source)),
  }),
  'media:consume': async ({ room, peer }, p) =>
    (await refusedParameters('rtpCapabilities', () => room.consume(peer, p.transportId, p.producerId, p.rtpCapabilities as types.RtpCapabilities))) as MediaConsumerView,
  'media:pause': async ({ peer }, p) => { await peer.consumer(p.consumerId).pause(); return null; },
  'media:resume': async ({ peer }, p) => { await peer.consumer(p.consumerId).resume(); return null; },
  'media:closeConsumer': async ({ peer }, p) => { peer.consumer(p.consumerId).close(); return null; },
  'media:pauseProducer': async ({ peer }, p) => { await peer.producer(p.producerId).pause(); return null; },
  'media:resumeProducer': async ({ room, peer }, p) => { await room.resumeProducer(peer, p.producerId); return null; },
  'media:closeProducer': async ({ peer }, p) => { peer.producer(p.producerId).close(); return null; },
  'media:setLayers': async ({ peer }, p) => {
    await peer.consumer(p.consumerId).setPreferredLayers({ spatialLayer: p.spatialLayer, temporalLayer: 2 });
    return null;
  },
};

/** mediasoup's own errors become refusals with a code (errors.ts). */
async function mediaErrorsAsRefusals<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toAppError(err);
  }
}

/**
 * Video briefing signalling on the app's socket.io connection: join (authorised by the
 * sitting), then transports, producers and consumers of the caller's own peer. The
 * dispatcher validates each payload and finds the sender a member of the briefing's council;
 * every command after the join checks the join's rules again (access.ts).
 */
export function registerMediaHandlers(socket: AppSocket, io: AppServer, deps: Deps, d: Dispatcher<Actor>): void {
  d.on(socket, 'media:join', (p) => mediaErrorsAsRefusals(() => joinBriefing(deps, io, socket, p)));
  d.on(socket, 'media:leave', async () => { closeSession(socket); return null; });
  const serve = <N extends MediaCommand>(name: N) => {
    const run = HANDLERS[name] as Run<N>;
    d.on(socket, name, (p) => mediaErrorsAsRefusals(async () => {
      const session = sessionOf(socket);
      try {
        await recheckAccess(deps, socket.data.userId, session.access);
      } catch (err) {
        closeSession(socket); // no longer allowed: the peer and its media go
        throw err;
      }
      return run(session, p);
    }));
  };
  for (const name of Object.keys(HANDLERS) as MediaCommand[]) serve(name);
  socket.on('disconnect', () => closeSession(socket));
}
