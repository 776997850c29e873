import { describe, it, expect, inject } from 'vitest';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { connectDb } from './db.js';
import { createLogger } from './log.js';

describe('the slow-command log (DB_SLOW_MS)', () => {
  it('names the command, its collection and its filter\'s keys, never the values it looked for', async () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write(c, _e, cb) { lines.push(c.toString()); cb(); } }));
    const conn = await connectDb(inject('mongoUri'), `slow_${randomBytes(4).toString('hex')}`, { ms: 0.001, log });
    try {
      await conn.collection('login_sessions').findOne({ _id: 'secret-session-id' as never, userId: 'voter-42' });
      await expect.poll(() => lines.some((l) => l.includes('database: slow command'))).toBe(true);
      const entry = JSON.parse(lines.find((l) => l.includes('"find"'))!) as Record<string, unknown>;
      expect(entry).toMatchObject({ command: 'find', collection: 'login_sessions', filterKeys: ['_id', 'userId'], docs: 0 });
      expect(typeof entry.ms).toBe('number');
      expect(lines.join('\n')).not.toMatch(/secret-session-id|voter-42/);
    } finally {
      await conn.dropDatabase();
      await conn.close();
    }
  });

  it('is silent when off', async () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write(c, _e, cb) { lines.push(c.toString()); cb(); } }));
    const conn = await connectDb(inject('mongoUri'), `slow_${randomBytes(4).toString('hex')}`, { ms: 0, log });
    try {
      await conn.collection('x').findOne({ a: 1 });
      expect(lines).toEqual([]);
    } finally {
      await conn.dropDatabase();
      await conn.close();
    }
  });
});
