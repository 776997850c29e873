import type { types } from 'mediasoup';

/** How WebRTC transports behave (where they listen is the worker's WebRtcServer: WorkerPool). */
export interface TransportSettings {
  /** Starting estimate of the downlink (bps): low, so mountain communes do not start congested. */
  initialAvailableOutgoingBitrate: number;
  /** Cap on what one client may send us (bps). */
  maxIncomingBitrate: number;
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
    });
    const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
    return { transport, params: { id, iceParameters, iceCandidates, dtlsParameters } };
  }
}
