import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults: SQLite in ./data on 127.0.0.1:3000, open registration', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, baseUrl: 'http://127.0.0.1:3000', registration: 'open', logLevel: 'info' });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/ch', DATABASE_URL: 'postgres://db/ch', BASE_URL: 'https://fic.example/',
      SMTP_URL: 'smtp://mail', LOG_LEVEL: 'warn', SECRET: 's3', REGISTRATION: 'closed', LOGIN_ATTEMPTS: '3', TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 8080, host: '0.0.0.0', dataDir: '/srv/ch', databaseUrl: 'postgres://db/ch', baseUrl: 'https://fic.example',
      smtpUrl: 'smtp://mail', logLevel: 'warn', secret: 's3', registration: 'closed', loginAttempts: 3, trustProxy: true,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REGISTRATION: 'maybe' })).toThrow(/REGISTRATION/);
    // invite_only (or invite-only) is the third registration mode, the first value of the site setting.
    expect(loadConfig({ REGISTRATION: 'invite-only' }).registration).toBe('invite_only');
    expect(loadConfig({ REGISTRATION: 'INVITE_ONLY' }).registration).toBe('invite_only');
    expect(() => loadConfig({ BASE_URL: '/' })).toThrow(/BASE_URL/);
  });
});
