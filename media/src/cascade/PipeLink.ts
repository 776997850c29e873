import type { types } from 'mediasoup';
import { TypedEmitter } from '../TypedEmitter.js';
import type { LinkEndpoint } from './messages.js';

export interface PipeLinkOptions {
  /** The local address to bind. */
  listenIp: string;
  /** The address the other host reaches (public or LAN IP, host name); omitted: `listenIp`. */
  announcedIp?: string;
  /** A pinned port (what a firewall rule names) ... */
  port?: number;
  /** ... or any free port of this range; neither: the worker's default range. */
  portRange?: { min: number; max: number };
  /** Retransmissions (NACK + RTX) over the link; default true. Off only to measure what they buy. */
  enableRtx?: boolean;
}

export type PipeLinkEvents = { close: [] };

/**
 * One end of a pipe between two routers on different hosts: a PipeTransport with SRTP and
 * RTX. One link per pair of routers, carrying every producer between them in both directions.
 */
export class PipeLink extends TypedEmitter<PipeLinkEvents> {
  readonly transport: types.PipeTransport;

  static async create(router: types.Router, opts: PipeLinkOptions): Promise<PipeLink> {
    const where = opts.port !== undefined ? { port: opts.port } : opts.portRange ? { portRange: opts.portRange } : {};
    const transport = await router.createPipeTransport({
      listenInfo: { protocol: 'udp', ip: opts.listenIp, ...(opts.announcedIp ? { announcedAddress: opts.announcedIp } : {}), ...where },
      enableSrtp: true,
      enableRtx: opts.enableRtx ?? true,
      enableSctp: false,
    });
    return new PipeLink(transport);
  }

  private constructor(transport: types.PipeTransport) {
    super();
    this.transport = transport;
    transport.observer.once('close', () => this.emit('close'));
  }

  get closed(): boolean {
    return this.transport.closed;
  }

  /** What the other end connects to: this end's address and the key it encrypts with. */
  local(): LinkEndpoint {
    // localAddress: the announced address when there is one, else the bound one.
    const t = this.transport.tuple;
    return { ip: t.localAddress, port: t.localPort, srtpParameters: this.transport.srtpParameters };
  }

  /** Sends to the other end and decrypts what it sends with its key; once. */
  async connect(remote: LinkEndpoint): Promise<void> {
    await this.transport.connect({ ip: remote.ip, port: remote.port, srtpParameters: remote.srtpParameters });
  }

  close(): void {
    this.transport.close();
  }
}
