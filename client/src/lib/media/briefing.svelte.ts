import { Device, type types } from 'mediasoup-client';
import { holdsFloor, type MediaLayersView, type MediaPeerView, type MediaProducerView, type MediaRole, type MediaSource } from '../../../../contract/media.js';
import type { AppSocket } from '../realtime/socket.svelte.js';
import { CommandFailed, type CommandPayload } from '../realtime/command.js';
import { request } from './request.js';
import { openTransport } from './transports.js';
import { inboundFigures, type InboundFigures, type RemoteMedia } from './remote.js';
import { LocalMedia } from './local.svelte.js';
import { layerForWidth } from './encodings.js';
import { consumeOrder, GRID_PAGE_SIZE, roomCameras, VOICE_FIRST_MS, wantedProducers } from './grid.js';

export type BriefingStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'failed' | 'ended';

/** Refusals that a second attempt confirms: retrying cannot change them (not allowed, the sitting ended). */
const FINAL_REFUSALS = new Set(['forbidden', 'not_found', 'validation_failed', 'conflict']);

/** Waits between attempts to set media up again: quick first, then every few seconds. */
const BACKOFF_MS = [300, 1000, 2000, 4000, 5000];

/**
 * This screen's part in a video briefing: joins with its role, sends (hall, room, a delegate
 * on their own device) and receives what the server offers. Anything lost — the socket, a
 * transport, the server's worker — is set up again in place, without reloading the page.
 */
export class Briefing {
  status = $state<BriefingStatus>('idle');
  /** The last refusal (its code and the server's own words), for the view to explain. */
  refusal = $state.raw<{ error: string; message: string } | null>(null);
  peers = $state.raw<MediaPeerView[]>([]);
  remotes = $state.raw<RemoteMedia[]>([]);
  floor = $state<string | null>(null);
  speaker = $state<string | null>(null);
  myPeerId = $state<string | null>(null);
  /** How many times media was set up again after a loss. */
  restarts = $state(0);
  /** ICE restarts done in place (the media path went quiet: a network change), without setting media up again. */
  iceRestarts = $state(0);
  /** mediasoup's score (0–10) of what this screen sends (its uplink); null until the first report. */
  sendScore = $state<number | null>(null);
  /** The chair's grid page, and how many room cameras there are to page through. */
  gridPage = $state(0);
  gridPages = $state(1);
  /** `performance.now()` when the last join was sent (join-to-first-frame is measured from it). */
  joinStartedAt = 0;
  readonly local = new LocalMedia();
  readonly sittingId: string;
  readonly role: MediaRole;
  readonly meetingPointId: string | null;
  /** The signed-in user: a delegate on their own device holds the floor by this id. */
  readonly userId: string;
  #socket: AppSocket | null = null;
  #gen = 0;
  #device: types.Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  #consumers = new Map<string, types.Consumer>();
  /** Producers the server offered (this screen may receive them); consumed when wanted. */
  #offers = new Map<string, MediaProducerView>();
  /** producerId → consumerId, and producers being consumed now. */
  #byProducer = new Map<string, string>();
  #inflight = new Set<string>();
  #layers = new Map<string, number>();
  /** Opening and closing an own-device microphone, one after the other (the floor may come and go fast). */
  #micSteps: Promise<void> = Promise.resolve();
  /** `performance.now()` when the floor last moved, and the look again once its holder's voice stops being awaited. */
  #floorAt = -Infinity;
  #voiceWait: ReturnType<typeof setTimeout> | null = null;

  constructor(sittingId: string, role: MediaRole, meetingPointId: string | null, userId = '') {
    this.sittingId = sittingId;
    this.role = role;
    this.meetingPointId = meetingPointId;
    this.userId = userId;
  }

  /** Whether this screen holds the floor: its commune room, or (own device) its delegate. */
  get holdsFloor(): boolean {
    return holdsFloor({ role: this.role, meetingPointId: this.meetingPointId, userId: this.userId }, this.floor);
  }

  /** Follows one socket until the returned function is called (use inside an effect). */
  attach(socket: AppSocket): () => void {
    this.#socket = socket;
    const on = <E extends Parameters<AppSocket['on']>[0]>(event: E, fn: Parameters<AppSocket['on']>[1]) => {
      socket.on(event, fn as never);
      return () => socket.off(event, fn as never);
    };
    const offs = [
      on('media:producer', (p: MediaProducerView) => this.#offer([p])),
      on('media:consumerClosed', ({ consumerId }: { consumerId: string }) => {
        // Closed by the server (producer gone, floor taken back): offered again if allowed again.
        const producerId = this.#consumers.get(consumerId)?.producerId;
        if (producerId) this.#offers.delete(producerId);
        this.#drop(consumerId);
      }),
      on('media:quality', (q: MediaLayersView) => this.#quality(q)),
      on('media:sendQuality', ({ score }: { score: number }) => { this.sendScore = score; }),
      on('media:peers', (peers: MediaPeerView[]) => { this.peers = peers; this.#reconcile(); }),
      on('media:floor', ({ holder }: { holder: string | null }) => {
        if (holder !== this.floor) {
          this.#floorAt = performance.now();
          if (this.#voiceWait) clearTimeout(this.#voiceWait);
          this.#voiceWait = setTimeout(() => { this.#voiceWait = null; this.#reconcile(); }, VOICE_FIRST_MS);
        }
        this.floor = holder;
        this.#reconcile();
        void this.#followFloor();
      }),
      on('media:speaker', ({ peerId }: { peerId: string }) => { this.speaker = peerId; }),
      on('media:restart', ({ reason }: { reason: string }) => {
        if (reason !== 'ended') return void this.#restart();
        // The sitting closed: nothing to reconnect to.
        this.refusal = null;
        this.#end('ended');
      }),
      // The server forgets a connection's media when it drops: set it up again on return.
      on('connect', () => void (this.status === 'idle' ? this.#run(this.#gen) : this.status !== 'ended' && this.#restart())),
      on('disconnect', () => { if (this.status === 'live') this.status = 'reconnecting'; }),
    ];
    if (socket.connected) void this.#run(this.#gen);
    return () => {
      offs.forEach((off) => off());
      this.#teardown();
      if (socket.connected) socket.emit('media:leave', {}, () => {});
      this.local.stop();
      this.#socket = null;
      this.status = 'idle';
    };
  }

  /** Sets everything up again (new transports, producers, consumers); the page stays. */
  async #restart(): Promise<void> {
    if (!this.#socket) return;
    this.status = 'reconnecting';
    this.restarts += 1;
    this.#teardown();
    await this.#run(this.#gen);
  }

  async #run(gen: number): Promise<void> {
    for (let attempt = 0; this.#socket && gen === this.#gen; attempt++) {
      if (this.status !== 'reconnecting') this.status = 'connecting';
      try {
        await this.#start(gen);
        if (gen === this.#gen) this.status = 'live';
        return;
      } catch (err) {
        // Superseded meanwhile (the briefing ended, a restart, the page left): not this attempt's to report.
        if (gen !== this.#gen) return;
        const refusal = err instanceof CommandFailed ? { error: err.code, message: err.message } : { error: 'network_error', message: '' };
        this.refusal = refusal;
        // A refusal (not allowed, sitting ended) will not change by retrying.
        if (FINAL_REFUSALS.has(refusal.error) && attempt > 0) {
          this.#end('failed');
          return;
        }
        this.#teardown();
        gen = this.#gen;
        this.status = 'reconnecting';
        await new Promise((r) => setTimeout(r, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]));
      }
    }
  }

  async #start(gen: number): Promise<void> {
    const socket = this.#socket!;
    this.joinStartedAt = performance.now();
    const joined = await request(socket, 'media:join', { sittingId: this.sittingId, role: this.role, meetingPointId: this.meetingPointId });
    if (gen !== this.#gen) return;
    this.refusal = null;
    this.myPeerId = joined.peerId;
    this.peers = joined.peers;
    this.floor = joined.floor;
    const device = new Device();
    await device.load({ routerRtpCapabilities: joined.rtpCapabilities as types.RtpCapabilities });
    this.#device = device;
    const lost = () => { if (gen === this.#gen) void this.#restart(); };
    const iceRestarted = () => { if (gen === this.#gen) this.iceRestarts += 1; };
    this.#recv = await openTransport(socket, device, 'recv', lost, iceRestarted);
    if (gen !== this.#gen) return;
    this.#offer(joined.producers);
    if (this.role === 'viewer') return;
    // A delegate on their own device opens only the camera: the microphone waits for the floor.
    await this.local.acquire(this.role !== 'remote');
    if (gen !== this.#gen) return;
    this.#send = await openTransport(socket, device, 'send', lost, iceRestarted);
    if (gen !== this.#gen) return;
    await this.local.produceAll(this.#send, this.role);
    await this.#followFloor();
  }

  /**
   * A commune room's microphone is on the wire only while the room holds the floor; a
   * delegate's own device opens its microphone only then, and releases it when the floor leaves.
   */
  async #followFloor(): Promise<void> {
    if (this.role === 'room' && this.#socket) await this.local.setAudible(this.#socket, this.holdsFloor);
    if (this.role !== 'remote') return;
    const step = this.#micSteps.then(async () => {
      // Read when the step runs: the floor may have moved while the previous one ran.
      const send = this.#send;
      if (this.holdsFloor && send && !send.closed && this.#socket) await this.local.openMic(send, this.#socket);
      else await this.local.closeMic(this.#socket);
    }).catch(() => {});
    this.#micSteps = step;
    await step;
  }

  #offer(producers: MediaProducerView[]): void {
    for (const p of producers) this.#offers.set(p.producerId, p);
    this.#reconcile();
  }

  /** Receives what is wanted now (the grid page, the floor) and lets go of the rest. */
  #reconcile(): void {
    const offers = [...this.#offers.values()];
    this.gridPages = Math.max(1, Math.ceil(roomCameras(offers, this.peers).length / GRID_PAGE_SIZE));
    if (this.gridPage >= this.gridPages) this.gridPage = this.gridPages - 1;
    if (!this.#recv) return;
    const wanted = wantedProducers(offers, this.peers, this.floor, this.gridPage);
    const missing = offers.filter((p) => wanted.has(p.producerId) && !this.#byProducer.has(p.producerId));
    for (const p of consumeOrder(missing, offers, this.peers, this.floor, performance.now() - this.#floorAt)) void this.#consume(p, this.#gen);
    for (const [producerId, consumerId] of this.#byProducer) {
      if (wanted.has(producerId)) continue;
      this.#drop(consumerId);
      if (this.#socket) void request(this.#socket, 'media:closeConsumer', { consumerId }).catch(() => {});
    }
  }

  /** Shows another page of the chair's grid. */
  showGridPage(page: number): void {
    this.gridPage = Math.max(0, Math.min(page, this.gridPages - 1));
    this.#reconcile();
  }

  async #consume(p: MediaProducerView, gen: number): Promise<void> {
    const socket = this.#socket;
    if (!socket || !this.#recv || !this.#device || this.#inflight.has(p.producerId)) return;
    this.#inflight.add(p.producerId);
    try {
      const c = await request(socket, 'media:consume', { transportId: this.#recv.id, producerId: p.producerId, rtpCapabilities: this.#device.rtpCapabilities as CommandPayload<'media:consume'>['rtpCapabilities'] });
      if (gen !== this.#gen || !this.#recv) return;
      const consumer = await this.#recv.consume({ id: c.consumerId, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters as types.RtpParameters });
      this.#consumers.set(consumer.id, consumer);
      this.#byProducer.set(p.producerId, consumer.id);
      this.remotes = [...this.remotes, { consumerId: consumer.id, peerId: c.peerId, kind: c.kind, source: c.source, track: consumer.track, score: null, spatialLayer: null }];
      await request(socket, 'media:resume', { consumerId: consumer.id });
    } catch {
      // Refused (the floor moved meanwhile) or the connection dropped: the next offer or restart covers it.
      this.#offers.delete(p.producerId);
    } finally {
      this.#inflight.delete(p.producerId);
    }
  }

  #drop(consumerId: string): void {
    const c = this.#consumers.get(consumerId);
    if (c) this.#byProducer.delete(c.producerId);
    c?.close();
    this.#consumers.delete(consumerId);
    this.#layers.delete(consumerId);
    this.remotes = this.remotes.filter((r) => r.consumerId !== consumerId);
  }

  #quality(q: MediaLayersView): void {
    this.remotes = this.remotes.map((r) => (r.consumerId === q.consumerId ? { ...r, score: q.score, spatialLayer: q.spatialLayer } : r));
  }

  /**
   * Nothing more to send or receive (the sitting closed, the join refused for good): every
   * camera, microphone and shared-screen track stops at once, so the devices' lights go out.
   */
  #end(status: 'ended' | 'failed'): void {
    this.#teardown();
    this.local.stop();
    this.status = status;
  }

  /** Sending or receiving: false once the briefing ended or was refused (the view then shows why). */
  get active(): boolean {
    return this.status !== 'ended' && this.status !== 'failed';
  }

  #teardown(): void {
    this.#gen += 1;
    if (this.#voiceWait) clearTimeout(this.#voiceWait);
    this.#voiceWait = null;
    for (const c of this.#consumers.values()) c.close();
    this.#consumers.clear();
    this.#layers.clear();
    this.#offers.clear();
    this.#byProducer.clear();
    this.#inflight.clear();
    this.local.forgetProducers();
    // An own-device microphone goes with its producer: opened again only if the floor is still ours.
    this.local.releaseMic();
    this.sendScore = null;
    this.#send?.close();
    this.#recv?.close();
    this.#send = this.#recv = null;
    this.#device = null;
    this.remotes = [];
  }

  /** A video is shown `width` px wide: ask for the simulcast layer that fits it. */
  showAt(consumerId: string, width: number): void {
    const layer = layerForWidth(width, window.devicePixelRatio || 1);
    if (this.#layers.get(consumerId) === layer || !this.#socket) return;
    this.#layers.set(consumerId, layer);
    void request(this.#socket, 'media:setLayers', { consumerId, spatialLayer: layer }).catch(() => this.#layers.delete(consumerId));
  }

  /** Mutes or unmutes the microphone / camera (the server stops forwarding a paused producer). */
  async toggle(source: Exclude<MediaSource, 'screen'>): Promise<void> {
    // An own-device microphone follows the floor alone (see #followFloor).
    if (!this.#socket || (source === 'mic' && this.role === 'remote')) return;
    await this.local.toggle(this.#socket, source);
    if (source === 'mic') await this.#followFloor();
  }

  /**
   * Opens the camera and microphone again after they could not be (the user has now allowed
   * them, plugged one in or closed the app holding it) and sends them: no page reload.
   */
  async retryDevices(): Promise<void> {
    const gen = this.#gen;
    await this.local.acquire(this.role !== 'remote');
    if (gen !== this.#gen || !this.#send || !this.local.stream) return;
    await this.local.produceAll(this.#send, this.role);
    await this.#followFloor();
  }

  async shareScreen(): Promise<void> {
    if (this.#send && this.#socket) await this.local.shareScreen(this.#send, this.#socket);
  }

  async stopScreen(): Promise<void> {
    if (this.#socket) await this.local.stopScreen(this.#socket);
  }

  /**
   * The media server's address this screen receives from (the selected ICE pair's remote
   * candidate), for operations: in a cluster, which host serves this room now.
   */
  async serverAddress(): Promise<string | null> {
    const recv = this.#recv;
    if (!recv || recv.closed) return null;
    const report = await recv.getStats();
    let pairRemote: string | null = null;
    report.forEach((s: { type: string; nominated?: boolean; state?: string; remoteCandidateId?: string }) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && s.remoteCandidateId) pairRemote = s.remoteCandidateId;
    });
    let address: string | null = null;
    report.forEach((s: { type: string; id: string; address?: string; ip?: string }) => {
      if (s.type === 'remote-candidate' && s.id === pairRemote) address = s.address ?? s.ip ?? null;
    });
    return address;
  }

  /** What the browser receives, per consumer (bytes, decoded frames, losses). */
  async stats(): Promise<InboundFigures[]> {
    const out: InboundFigures[] = [];
    for (const r of this.remotes) {
      const c = this.#consumers.get(r.consumerId);
      if (c && !c.closed) out.push(await inboundFigures(c, r));
    }
    return out;
  }
}
