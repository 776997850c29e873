import type { types } from 'mediasoup';

/** Where and how WebRTC transports listen (mediasoup 3.8: one port per transport). */
export interface TransportSettings {
  listenIp: string;
  /** The address browsers reach (public or LAN); omitted: `listenIp`. */
  announcedIp?: string | undefined;
  /** Starting estimate of the downlink (bps): low, so mountain communes do not start congested. */
  initialAvailableOutgoingBitrate: number;
  /** Cap on what one client may send us (bps). */
  maxIncomingBitrate: number;
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

  async create(router: types.Router): Promise<{ transport: types.WebRtcTransport; params: TransportParams }> {
    const transport = await router.createWebRtcTransport({
      listenIps: [{ ip: this.#s.listenIp, ...(this.#s.announcedIp ? { announcedIp: this.#s.announcedIp } : {}) }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: this.#s.initialAvailableOutgoingBitrate,
    });
    await transport.setMaxIncomingBitrate(this.#s.maxIncomingBitrate).catch(() => {});
    const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
    return { transport, params: { id, iceParameters, iceCandidates, dtlsParameters } };
  }
}
