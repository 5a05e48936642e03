import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { migrateToLatest, openDatabase } from '../db/connection.js';
import { TestBrowser, testConfig } from '../../test/helpers.js';

describe('request logs', () => {
  it('carry a request id on every line and never a password, token or session id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const db = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(db);
    const services = { db, config: testConfig(), logger: pino({ level: 'info' }, sink), secret: 'log-test-secret' };
    const app = createApp(services);
    const browser = new TestBrowser({ app, services });
    const password = 'very secret password 42';
    await browser.get('/signup');
    const signup = await browser.post('/signup', { username: 'logger', email: 'logger@example.org', password });
    expect(signup.status).toBe(303);
    const session = browser.cookie('ch_session')!;
    const tokenResponse = await app.request('/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'logger', password, name: 'ci' }),
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    await app.request('/api/v1/me?access_token=' + token, { headers: { authorization: `Bearer ${token}` } });
    await app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"login": "logger", "password": "wrong one entirely"' });
    await db.destroy();

    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      expect(JSON.parse(line)).toHaveProperty('request_id');
      expect(line).not.toContain(password);
      expect(line).not.toContain(token);
      expect(line).not.toContain(session);
      expect(line).not.toContain('wrong one entirely');
    }
  });
});
