import type { Logger } from 'pino';
import type { Config } from '../config.js';

// A client for an Akismet-compatible spam check (POST {base}/comment-check, form fields, answer "true" or "false").
// Off unless SPAM_CHECK_URL is set, and never required: a slow, failing or strange answer lets the comment through
// (logged as a warning without the URL, which may carry the key in its host name, or the key itself).

export const SPAM_CHECK_TIMEOUT_MS = 2_000;

/** What the service is told about a comment (Akismet's field names, in camel case). */
export interface SpamCheckInput {
  readonly userIp: string;
  readonly userAgent: string;
  readonly author: string;
  readonly authorEmail: string;
  readonly content: string;
  /** The page the comment was posted on, when known. */
  readonly permalink?: string;
}

/** True when the service says the comment is spam; false when it says not, is off, or fails. */
export async function isSpam(config: Pick<Config, 'spamCheckUrl' | 'spamCheckKey' | 'baseUrl'>, input: SpamCheckInput, log?: Pick<Logger, 'warn'>): Promise<boolean> {
  if (!config.spamCheckUrl) return false;
  const form = new URLSearchParams({
    blog: config.baseUrl,
    user_ip: input.userIp,
    user_agent: input.userAgent,
    comment_type: 'comment',
    comment_author: input.author,
    comment_author_email: input.authorEmail,
    comment_content: input.content,
  });
  if (input.permalink) form.set('permalink', input.permalink);
  if (config.spamCheckKey) form.set('api_key', config.spamCheckKey);
  try {
    const response = await fetch(`${config.spamCheckUrl}/comment-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Chapterhouse spam check' },
      body: form.toString(),
      signal: AbortSignal.timeout(SPAM_CHECK_TIMEOUT_MS),
      redirect: 'error',
    });
    const answer = (await response.text()).trim();
    if (response.ok && (answer === 'true' || answer === 'false')) return answer === 'true';
    log?.warn({ status: response.status, answer: answer.slice(0, 40) }, 'spam check gave no verdict: comment let through');
    return false;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    log?.warn({ error: name, timeout_ms: SPAM_CHECK_TIMEOUT_MS }, 'spam check failed: comment let through');
    return false;
  }
}
