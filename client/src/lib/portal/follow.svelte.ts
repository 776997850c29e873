import { io, type Socket } from 'socket.io-client';
import type { PublicSitting } from '../../../../contract/portal.js';
import type { Ack } from '../../../../contract/errors.js';

/** contract/portal.ts: PORTAL_NAMESPACE and PORTAL_EVENTS (named here: importing the contract's values would bring zod along). */
const NAMESPACE = '/portal';
const EV = { follow: 'portal:follow', unfollow: 'portal:unfollow', sitting: 'portal:sitting', gone: 'portal:gone' } as const;

/**
 * A public sitting followed live, anonymously and read-only, over the portal's own socket.io
 * namespace: the server pushes the whole public view whenever it changes. Following again
 * after each reconnection brings the view up to date at once.
 */
export class SittingFollower {
  readonly sittingId: string;
  /** The latest public view pushed; null until the first push. */
  view = $state.raw<PublicSitting | null>(null);
  /** The sitting stopped being public (made closed-doors, unpublished). */
  gone = $state(false);
  connected = $state(false);
  #socket: Socket | null = null;

  constructor(sittingId: string) {
    this.sittingId = sittingId;
  }

  start(): () => void {
    const s = io(NAMESPACE, { withCredentials: false, reconnectionDelayMax: 10_000, transports: ['websocket'] });
    this.#socket = s;
    const follow = () => {
      s.emit(EV.follow, { sittingId: this.sittingId }, (ack: Ack<PublicSitting>) => {
        if (ack.ok) this.view = ack.data;
        // Refused after it was followed (a reconnection): it stopped being public meanwhile. A
        // first refusal is the page's own "not found" to tell, from its HTTP read.
        else if (ack.error === 'not_found' && this.view) this.gone = true;
      });
    };
    s.on('connect', () => {
      this.connected = true;
      follow();
    });
    s.on('disconnect', () => (this.connected = false));
    s.on(EV.sitting, (view: PublicSitting) => {
      if (view.id === this.sittingId) this.view = view;
    });
    s.on(EV.gone, ({ sittingId }: { sittingId: string }) => {
      if (sittingId === this.sittingId) this.gone = true;
    });
    return () => this.stop();
  }

  stop(): void {
    this.#socket?.disconnect();
    this.#socket = null;
    this.connected = false;
  }
}
