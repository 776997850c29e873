import type { types } from 'mediasoup-client';
import type { AppSocket } from '../realtime/socket.svelte.js';
import { request } from './request.js';
import type { CommandPayload } from '../realtime/command.js';
import type { MediaSource } from '../../../../contract/media.js';

type Produce = CommandPayload<'media:produce'>;

/** How long a transport may stay "disconnected" before we ask for new ICE credentials. */
const ICE_RESTART_AFTER_MS = 2_000;

/**
 * Creates one side's transport on the server and in the browser, wired to signalling:
 * DTLS connect, produce (send side), ICE restart after a network change, and `onFailed`
 * when the connection is lost for good (the briefing then sets media up again).
 */
export async function openTransport(
  socket: AppSocket,
  device: types.Device,
  direction: 'send' | 'recv',
  onFailed: () => void,
  onIceRestarted: () => void = () => {},
): Promise<types.Transport> {
  const view = await request(socket, 'media:createTransport', {});
  const params = {
    id: view.id,
    iceParameters: view.iceParameters,
    iceCandidates: view.iceCandidates as unknown as types.IceCandidate[],
    dtlsParameters: view.dtlsParameters as types.DtlsParameters,
  };
  const transport = direction === 'send' ? device.createSendTransport(params) : device.createRecvTransport(params);
  transport.on('connect', ({ dtlsParameters }, done, fail) => {
    request(socket, 'media:connectTransport', { transportId: transport.id, dtlsParameters }).then(() => done(), fail);
  });
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
      request(socket, 'media:produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as Produce['rtpParameters'], source: appData.source as MediaSource })
        .then(({ producerId }) => done({ id: producerId }), fail);
    });
  }
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  const restartIce = async () => {
    if (transport.closed) return;
    try {
      const iceParameters = await request(socket, 'media:restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters });
      onIceRestarted();
    } catch {
      onFailed();
    }
  };
  transport.on('connectionstatechange', (state) => {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = null;
    if (state === 'disconnected') restartTimer = setTimeout(() => void restartIce(), ICE_RESTART_AFTER_MS);
    if (state === 'failed') onFailed();
  });
  // A network change (Wi-Fi to 4G on a tablet): new candidates without a full reconnect.
  const onOnline = () => void restartIce();
  window.addEventListener('online', onOnline);
  transport.observer.on('close', () => {
    window.removeEventListener('online', onOnline);
    if (restartTimer) clearTimeout(restartTimer);
  });
  return transport;
}
