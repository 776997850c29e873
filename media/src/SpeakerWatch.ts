import type { types } from 'mediasoup';
import type { RouterSet } from './RouterSet.js';

/**
 * Active-speaker detection on the briefing's primary router: every audio producer is piped
 * there (if it lives elsewhere) and observed; the dominant one is reported by producer id.
 */
export class SpeakerWatch {
  readonly #router: types.Router;
  readonly #observer: types.ActiveSpeakerObserver;

  static async create(router: types.Router, onDominant: (producerId: string) => void): Promise<SpeakerWatch> {
    const observer = await router.createActiveSpeakerObserver({ interval: 300 });
    observer.on('dominantspeaker', ({ producer }) => onDominant(producer.id));
    return new SpeakerWatch(router, observer);
  }

  private constructor(router: types.Router, observer: types.ActiveSpeakerObserver) {
    this.#router = router;
    this.#observer = observer;
  }

  async add(producer: types.Producer, from: types.Router, routers: RouterSet): Promise<void> {
    try {
      await routers.bring(producer, from, this.#router);
      await this.#observer.addProducer({ producerId: producer.id });
    } catch {
      // The highlight is a convenience: a producer closed meanwhile is not an error.
    }
  }

  close(): void {
    this.#observer.close();
  }
}
