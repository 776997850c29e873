// The baseline of bench/cluster.ts: plain socket.io on the same Redis streams adapter as the
// product (one stream, heartbeat 2 s, ioredis), nothing else. Run with node --import tsx;
// settings from the environment: HOST, PORT, REDIS_URL, RAW_STREAM (the stream's name).
// Events: `raw:join` (room) → joins the room; `raw:broadcast` ({ room, payload }) → emits
// `raw:changed` with the payload to the room, across every process, then acknowledges.
// Prints "ready" once listening.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';

const env = process.env;
const redis = new Redis(env.REDIS_URL!, { connectionName: `raw-io-${process.pid}`, retryStrategy: (n) => Math.min(100 * n, 1000) });
redis.on('error', () => undefined);
await new Promise<void>((resolve, reject) => {
  redis.once('ready', () => resolve());
  setTimeout(() => reject(new Error('Redis did not answer in 10 s')), 10_000).unref();
});
const http = createServer((_req, res) => { res.writeHead(200); res.end('ok'); });
const io = new Server(http, { adapter: createAdapter(redis, { streamName: env.RAW_STREAM || 'bench:raw', heartbeatInterval: 2_000 }) });
io.on('connection', (socket) => {
  socket.on('raw:join', (room: string, ack?: (r: { ok: boolean }) => void) => {
    void socket.join(room);
    ack?.({ ok: true });
  });
  socket.on('raw:broadcast', (msg: { room: string; payload: unknown }, ack?: (r: { ok: boolean }) => void) => {
    io.to(msg.room).emit('raw:changed', msg.payload);
    ack?.({ ok: true });
  });
});
http.listen(Number(env.PORT), env.HOST || '127.0.0.1', () => console.log('ready'));
const stop = () => { void io.close(); redis.disconnect(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
