// An emulated network link for every target of a Chromium (pages, dedicated workers, service
// workers, shared workers), over a second DevTools connection of our own (the browser is
// launched with --remote-debugging-port beside Playwright's pipe). Playwright gives a CDP
// session for a page only, and a page's Network.emulateNetworkConditions does not reach a
// service worker, which fetches on its own: so each target is attached to (flatten) and
// throttled by itself. The same sessions count the bytes of the URLs asked for, per target
// kind, so the bench can show that the throttling held (bytes ÷ time of the big transfers).
export const THROTTLED_TYPES = ['page', 'worker', 'service_worker', 'shared_worker'];

/**
 * Connects to the browser at `cdpPort` and throttles every target of `types` with
 * `conditions` ({ downMbps, upMbps, rttMs }). `watch` is a RegExp of the URLs to account.
 */
export async function openLink({ cdpPort, conditions, types = THROTTLED_TYPES, watch }) {
  const version = await (await fetch(`http://127.0.0.1:${cdpPort}/json/version`)).json();
  const ws = new WebSocket(version.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error(`no DevTools connection on port ${cdpPort}`)); });
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`)); else resolve(msg.result);
    } else if (msg.method) for (const l of listeners) l(msg);
  };
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, method });
    ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
  });

  /** A command to a target that may be going away (a closed context's service worker): it may never be answered. */
  const sendWithin = (ms, method, params, sessionId) => Promise.race([
    send(method, params, sessionId),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${method}: no answer within ${ms} ms (the target went away?)`)), ms)),
  ]);

  const emulation = {
    offline: false,
    latency: conditions.rttMs,
    downloadThroughput: (conditions.downMbps * 1e6) / 8,
    uploadThroughput: (conditions.upMbps * 1e6) / 8,
    connectionType: 'other',
  };
  /** targetId → { type, sessionId, throttled, error } */
  const targets = new Map();
  /** sessionId → type */
  const sessionType = new Map();
  /** `${sessionId} ${requestId}` → record */
  const requests = new Map();
  const attaching = new Set();

  async function attach(info) {
    if (!types.includes(info.type) || targets.has(info.targetId)) return;
    const entry = { type: info.type, url: info.url, sessionId: null, throttled: false, error: null };
    targets.set(info.targetId, entry);
    const work = (async () => {
      try {
        const { sessionId } = await sendWithin(5000, 'Target.attachToTarget', { targetId: info.targetId, flatten: true });
        entry.sessionId = sessionId;
        sessionType.set(sessionId, info.type);
        // Nothing kept for getResponseBody: 150 MB bodies must not be buffered for us.
        await sendWithin(5000, 'Network.enable', { maxTotalBufferSize: 1024, maxResourceBufferSize: 1024 }, sessionId);
        await sendWithin(5000, 'Network.emulateNetworkConditions', emulation, sessionId);
        entry.throttled = true;
      } catch (err) {
        entry.error = err.message;
      }
    })();
    attaching.add(work);
    await work;
    attaching.delete(work);
  }

  listeners.push((msg) => {
    const { method, params, sessionId } = msg;
    if (method === 'Target.targetCreated') void attach(params.targetInfo);
    else if (method === 'Target.targetDestroyed') targets.delete(params.targetId);
    else if (method === 'Network.requestWillBeSent' && watch.test(params.request.url)) {
      requests.set(`${sessionId} ${params.requestId}`, {
        type: sessionType.get(sessionId) ?? '?', url: params.request.url, range: params.request.headers.Range ?? params.request.headers.range ?? null,
        start: params.timestamp, end: null, status: null, bytes: 0, received: 0, fromServiceWorker: false, fromCache: false, failed: null,
      });
    } else if (method === 'Network.responseReceived') {
      const r = requests.get(`${sessionId} ${params.requestId}`);
      if (r) Object.assign(r, { status: params.response.status, fromServiceWorker: Boolean(params.response.fromServiceWorker), fromCache: Boolean(params.response.fromDiskCache) });
    } else if (method === 'Network.dataReceived') {
      const r = requests.get(`${sessionId} ${params.requestId}`);
      if (r) r.received += params.encodedDataLength ?? 0;
    } else if (method === 'Network.loadingFinished' || method === 'Network.loadingFailed') {
      const r = requests.get(`${sessionId} ${params.requestId}`);
      if (r) Object.assign(r, { end: params.timestamp, bytes: params.encodedDataLength ?? r.received, failed: params.errorText ?? null });
    }
  });
  await send('Target.setDiscoverTargets', { discover: true });

  return {
    emulation,
    /** Attaches to (and throttles) every target there is now; call before navigating a new page. */
    async throttleAll() {
      const { targetInfos } = await send('Target.getTargets');
      await Promise.all(targetInfos.map(attach));
      await Promise.all([...attaching]);
      const unthrottled = [...targets.values()].filter((t) => t.type === 'page' && !t.throttled);
      if (unthrottled.length) throw new Error(`could not throttle a page: ${unthrottled.map((t) => t.error).join('; ')}`);
    },
    /** The targets seen, with whether each was throttled. */
    targets: () => [...targets.values()].map(({ type, url, throttled, error }) => ({ type, url, throttled, error })),
    /** The watched requests so far (CDP timestamps are seconds, monotonic); `forget` empties the list. */
    requests(forget = false) {
      const list = [...requests.values()];
      if (forget) requests.clear();
      return list;
    },
    close: () => ws.close(),
  };
}

/**
 * What the watched requests say about the link: bytes that crossed the network (not those a
 * service worker answered; a transfer under way counts what has arrived), and the throughput of each transfer of ≥ 4 MB,
 * per target kind (the throttling held if none is faster than the emulated link).
 */
export function linkSummary(requests) {
  const network = requests.filter((r) => !r.fromServiceWorker && !r.fromCache);
  const big = network.filter((r) => r.end !== null && r.bytes >= 4 * 1024 ** 2 && r.end > r.start);
  const byType = {};
  for (const r of big) {
    const mbps = (r.bytes * 8) / 1e6 / (r.end - r.start);
    const t = (byType[r.type] ??= { transfers: 0, MB: 0, maxMbps: 0 });
    t.transfers++;
    t.MB = +(t.MB + r.bytes / 1024 ** 2).toFixed(1);
    t.maxMbps = +Math.max(t.maxMbps, mbps).toFixed(1);
  }
  return {
    requests: requests.length,
    rangeRequests: requests.filter((r) => r.range).length,
    // A transfer still under way counts what has arrived so far.
    networkMB: +(network.reduce((s, r) => s + (r.end !== null ? r.bytes : r.received), 0) / 1024 ** 2).toFixed(1),
    inFlight: network.filter((r) => r.end === null).length,
    bigTransfersByTarget: byType,
  };
}
