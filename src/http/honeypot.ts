import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { redirectWithFlash } from './flash.js';
import type { FormInput } from './forms.js';
import { HONEYPOT_FIELD } from './honeypot-field.js';

// Honeypot on public forms (signup, login, comments, reports, invitation requests). A filled trap field is answered
// as if the post succeeded (a 303 to where success would go, with the usual flash) while nothing is written: a 422
// would tell the bot's author which field gave it away, and a person never fills a field they cannot see or reach.
// Render the field with <Honeypot /> inside the form; check it first thing in the POST handler.

export { HONEYPOT_FIELD } from './honeypot-field.js';
export { Honeypot } from '../ui/honeypot.js';

/** True when the form's trap field holds anything: the post came from a bot. */
export function honeypotFilled(form: FormInput): boolean {
  return (form[HONEYPOT_FIELD] ?? '').trim() !== '';
}

/** The answer to a bot: the redirect a successful post would get, with its flash, and nothing stored. Logged at info. */
export function answerBot(c: Context<AppEnv>, location: string, message: string): Response {
  c.get('log').info({ path: c.req.path }, 'honeypot filled: post dropped');
  return redirectWithFlash(c, location, message);
}
