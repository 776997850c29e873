import type { types } from 'mediasoup';

/** How WebRTC transports behave (where they listen is the worker's WebRtcServer: WorkerPool). */
export interface TransportSettings {
  /** Starting estimate of the downlink (bps): low, so mountain communes do not start congested. */
  initialAvailableOutgoingBitrate: number;
  /** Cap on what one client may send us (bps). */
  maxIncomingBitrate: number;
  /**
   * The downlink estimate never goes below this (bps; default `MIN_OUTGOING_BITRATE`). Below
   * the hall's lowest layer a room would get no hall video at all, not a smaller one.
   */
  minOutgoingBitrate?: number;
  /**
   * ICE consent (RFC 7675): a connected transport that hears no consent check from its
   * browser for this long turns `disconnected` (mediasoup accepts 10–60 s; default 30).
   */
  iceConsentTimeoutSeconds?: number;
}

/** What a client needs to build its side of a transport. */
export interface TransportParams {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

/**
 * The hall camera's lowest simulcast layer (150 kbit/s) with the hall's audio and headroom:
 * what every room receives however low its link's estimate falls. Measured: a Firefox room
 * whose estimate fell to 76 kbit/s on a loaded machine had its hall video consumer given no
 * layer at all (the allocator found none that fit) and showed a black picture for good.
 */
export const MIN_OUTGOING_BITRATE = 250_000;

export class TransportFactory {
  readonly #s: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#s = settings;
  }

  /** A transport on `router`, reached through its worker's WebRtcServer (one port per worker). */
  async create(router: types.Router, webRtcServer: types.WebRtcServer): Promise<{ transport: types.WebRtcTransport; params: TransportParams }> {
    const transport = await router.createWebRtcTransport({
      webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      iceConsentTimeout: this.#s.iceConsentTimeoutSeconds ?? 30,
      initialAvailableOutgoingBitrate: this.#s.initialAvailableOutgoingBitrate,
      maxIncomingBitrate: this.#s.maxIncomingBitrate,
      minOutgoingBitrate: this.#s.minOutgoingBitrate ?? MIN_OUTGOING_BITRATE,
    });
    const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
    return { transport, params: { id, iceParameters, iceCandidates, dtlsParameters } };
  }
}
