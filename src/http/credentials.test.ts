import { describe, expect, it } from 'vitest';
import { readCredentials } from './credentials.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('readCredentials', () => {
  it('reads a bearer token, and a Basic password as the token whatever the username', () => {
    expect(readCredentials('Bearer chp_abc')).toEqual({ scheme: 'bearer', token: 'chp_abc' });
    expect(readCredentials('bearer   chp_abc ')).toEqual({ scheme: 'bearer', token: 'chp_abc' });
    expect(readCredentials(basic('ada:chp_abc'))).toEqual({ scheme: 'basic', token: 'chp_abc' });
    expect(readCredentials(basic(':chp_abc'))).toEqual({ scheme: 'basic', token: 'chp_abc' });
    // Only the first colon separates: RFC 7617 lets the password hold more.
    expect(readCredentials(basic('Ådä:chp:with:colons'))).toEqual({ scheme: 'basic', token: 'chp:with:colons' });
  });

  it('reports anything else as unknown: other schemes, no password, not base64, two tokens', () => {
    for (const header of ['', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc', 'Basic', 'Basic !!!', basic('ada'), basic('ada:'), 'Digest username="ada"']) {
      expect(readCredentials(header), header).toEqual({ scheme: 'unknown' });
    }
  });
});
