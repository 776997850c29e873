/** What the server's readiness check needs to know about the media service. */
export interface MediaHealth {
  /** Workers configured. */
  readonly size: number;
  /** Workers alive now. */
  liveCount(): number;
}
