import type { types } from 'mediasoup';

/**
 * The router's capabilities without bandwidth estimation (transport-cc, REMB, abs-send-time).
 * ffmpeg sends no such feedback: offered them, mediasoup estimates the tap's bandwidth from
 * nothing, lowers it step by step, and a simulcast tap falls through the layers to none at
 * all within ~12 s — the picture stops while the sound goes on. Without them the tap keeps
 * its preferred layer.
 */
export function withoutBwe(caps: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: caps.codecs?.map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb') })),
    headerExtensions: caps.headerExtensions?.filter((h) => !/transport-wide-cc|abs-send-time/.test(h.uri)),
  };
}

/**
 * One producer consumed on a server-side PlainTransport that sends plain RTP (RTCP muxed) to
 * a port on 127.0.0.1: ffmpeg's, or an AudioRelay's. `comedia` off: the port is ours, told.
 */
export class Tap {
  readonly producerId: string;
  readonly #transport: types.PlainTransport;
  readonly consumer: types.Consumer;

  static async open(router: types.Router, producer: types.Producer, port: number, opts: { spatialLayer?: number } = {}): Promise<Tap> {
    const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
    try {
      await transport.connect({ ip: '127.0.0.1', port });
      const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: withoutBwe(router.rtpCapabilities), paused: false });
      if (consumer.type === 'simulcast' && opts.spatialLayer !== undefined) await consumer.setPreferredLayers({ spatialLayer: opts.spatialLayer, temporalLayer: 2 });
      return new Tap(producer.id, transport, consumer);
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  private constructor(producerId: string, transport: types.PlainTransport, consumer: types.Consumer) {
    this.producerId = producerId;
    this.#transport = transport;
    this.consumer = consumer;
  }

  /** The codec this tap sends with (the SDP's m-line). */
  get codec(): types.RtpCodecParameters {
    return this.consumer.rtpParameters.codecs[0]!;
  }

  get closed(): boolean {
    return this.#transport.closed || this.consumer.closed;
  }

  /** Asks the sender for a key frame (video only; ignored otherwise). */
  requestKeyFrame(): void {
    if (this.consumer.kind === 'video' && !this.consumer.closed) this.consumer.requestKeyFrame().catch(() => {});
  }

  close(): void {
    this.#transport.close();
  }
}
