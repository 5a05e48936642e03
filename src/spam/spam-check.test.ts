import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentJson } from '../comments/comments.presenters.js';
import type { Config } from '../config.js';
import { forEachDatabase, postWork } from '../../test/helpers.js';
import { isSpam, SPAM_CHECK_TIMEOUT_MS } from './spam-check.js';

// A real local HTTP server playing an Akismet-compatible service: POST /1.1/comment-check with form fields, answering
// "true" for spam. The comment text chooses the behaviour: "SPAM" is spam, "SLOW" answers after the timeout,
// "BROKEN" answers 500, anything else is not spam.

const received: URLSearchParams[] = [];
let server: http.Server;
// Mutable: the server's port is known only once it listens, before the suites' own set-up reads this.
const configure: { -readonly [K in keyof Config]?: Config[K] } = { commentLimit: 1000, spamCheckKey: 'k3y-s3cret', trustProxy: true };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/1.1/comment-check') {
        response.writeHead(404).end('no');
        return;
      }
      const form = new URLSearchParams(body);
      received.push(form);
      const content = form.get('comment_content') ?? '';
      if (content.includes('SLOW')) {
        setTimeout(() => response.writeHead(200, { 'content-type': 'text/plain' }).end('true'), SPAM_CHECK_TIMEOUT_MS + 1500).unref();
        return;
      }
      if (content.includes('BROKEN')) {
        response.writeHead(500).end('Internal error');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end(content.includes('SPAM') ? 'true' : 'false');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  configure.spamCheckUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1.1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('spam check client', () => {
  it('is off without SPAM_CHECK_URL and sends nothing', async () => {
    const before = received.length;
    expect(await isSpam({ spamCheckUrl: undefined, spamCheckKey: undefined, baseUrl: 'http://archive.test' }, { userIp: '1.2.3.4', userAgent: 'x', author: 'a', authorEmail: 'a@example.org', content: 'SPAM' })).toBe(false);
    expect(received.length).toBe(before);
  });

  it('lets the comment through on a failure or a timeout, with a warning that carries neither key nor URL', async () => {
    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => void warnings.push(args) };
    const config = { spamCheckUrl: configure.spamCheckUrl, spamCheckKey: 'k3y-s3cret', baseUrl: 'http://archive.test' };
    const input = { userIp: '1.2.3.4', userAgent: 'x', author: 'a', authorEmail: 'a@example.org' };
    expect(await isSpam(config, { ...input, content: 'BROKEN' }, log)).toBe(false);
    const started = Date.now();
    expect(await isSpam(config, { ...input, content: 'SLOW SPAM' }, log)).toBe(false);
    expect(Date.now() - started).toBeLessThan(SPAM_CHECK_TIMEOUT_MS + 1000);
    expect(await isSpam({ ...config, spamCheckUrl: 'http://127.0.0.1:1/1.1' }, { ...input, content: 'SPAM' }, log)).toBe(false);
    expect(warnings).toHaveLength(3);
    const logged = JSON.stringify(warnings);
    expect(logged).not.toContain('k3y-s3cret');
    expect(logged).not.toContain('127.0.0.1');
  });
});

describe('spam check on comments', () => {
  forEachDatabase((t) => {
    it('sends Akismet’s fields and holds a comment the service calls spam', async () => {
      const author = await t().apiUser();
      const work = await postWork(t(), author.token, { comment_permissions: 'everyone' });
      const reader = await t().apiUser();
      const before = received.length;
      const spam = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'Cheap SPAM here' }, headers: { 'user-agent': 'SpamBot/1.0', 'x-forwarded-for': '203.0.113.99' } });
      expect(spam.status).toBe(201);
      expect(((await spam.json()) as CommentJson).status).toBe('held');
      const form = received[before]!;
      expect(Object.fromEntries(form)).toMatchObject({
        blog: 'http://archive.test',
        user_ip: '203.0.113.99',
        user_agent: 'SpamBot/1.0',
        comment_type: 'comment',
        comment_author: reader.user.username,
        comment_author_email: reader.user.email,
        comment_content: 'Cheap SPAM here',
        api_key: 'k3y-s3cret',
      });
      // A guest's name and email are what is sent for a guest.
      const guest = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: { body: 'Kind words', guest_name: 'Wren', guest_email: 'wren@example.org' } });
      expect(((await guest.json()) as CommentJson).status).toBe('published');
      expect(Object.fromEntries(received[received.length - 1]!)).toMatchObject({ comment_author: 'Wren', comment_author_email: 'wren@example.org' });
    });

    it('never blocks posting: a broken or slow service lets the comment through', async () => {
      const author = await t().apiUser();
      const work = await postWork(t(), author.token, { comment_permissions: 'registered' });
      const reader = await t().apiUser();
      const broken = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'BROKEN but fine' } });
      expect(broken.status).toBe(201);
      expect(((await broken.json()) as CommentJson).status).toBe('published');
      const started = Date.now();
      const slow = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'SLOW SPAM, yet published' } });
      expect(slow.status).toBe(201);
      expect(((await slow.json()) as CommentJson).status).toBe('published');
      expect(Date.now() - started).toBeLessThan(SPAM_CHECK_TIMEOUT_MS + 1500);
    }, 15_000);

    it('is not asked about the work’s own author', async () => {
      const author = await t().apiUser();
      const work = await postWork(t(), author.token, { comment_permissions: 'registered' });
      const before = received.length;
      const own = await t().api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: author.token, json: { body: 'SPAM? No, my own note.' } });
      expect(((await own.json()) as CommentJson).status).toBe('published');
      expect(received.length).toBe(before);
    });
  }, configure);
});
