/** An operation on a closed or not-yet-ready object (as mediasoup's own InvalidStateError). */
export class InvalidStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}

/** A request the briefing's topology does not allow (e.g. a commune room consuming another's audio). */
export class TopologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}

/** An id that names nothing this peer owns. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
