import { Hono, type Context } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { loadQueue, loadWranglingLog, requireWrangler, wrangleFromQueue, type QueueAction, type WranglingQueue } from './wrangling.js';
import { WRANGLING_LOG_PATH, WRANGLING_PATH, WranglingLogPage, WranglingPage, type FailedQueueAction } from './wrangling.views.js';

/** The wrangling area: /wrangling (the queues and their actions) and /wrangling/log. Wranglers and administrators only. */
export const wranglingRoutes = new Hono<AppEnv>();

/** The queue page for the request's query; invalid parameters show the page with their messages (422). */
async function renderQueue(c: Context<AppEnv>, request: { fandom: string; kind: string; cursor: string }, failed?: FailedQueueAction) {
  const { db } = c.get('services');
  let queue: WranglingQueue | undefined;
  let errors = {};
  try {
    queue = await loadQueue(db, request);
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 422) throw error;
    errors = error.fields ?? {};
    // Still offer the fandom picker and the fandom queue beside the messages.
    queue = await loadQueue(db, {});
  }
  const status = failed || Object.keys(errors).length > 0 ? 422 : 200;
  return c.html(<WranglingPage ctx={pageContext(c)} queue={queue} request={request} errors={errors} failed={failed} />, status);
}

function queueRequest(read: (name: string) => string | undefined) {
  return { fandom: read('fandom') ?? '', kind: read('kind') ?? '', cursor: read('cursor') ?? '' };
}

wranglingRoutes.get(WRANGLING_PATH, async (c) => {
  requireWrangler(requireUser(c));
  return renderQueue(c, queueRequest((name) => c.req.query(name)));
});

/** Back to the queue page the form was on (only ever a wrangling queue URL). */
function returnPath(value: string | undefined): string {
  return value && (value === WRANGLING_PATH || value.startsWith(`${WRANGLING_PATH}?`)) ? value : WRANGLING_PATH;
}

function queueAction(form: Record<string, string | undefined>): QueueAction {
  if (form.action === 'synonym') return { action: 'synonym', synonymOf: form.synonym_of ?? '' };
  if (form.action === 'parent') return { action: 'parent', parent: form.parent ?? '' };
  return { action: 'canonical' };
}

const DONE: Record<QueueAction['action'], (name: string) => string> = {
  canonical: (name) => `“${name}” is now canonical.`,
  synonym: (name) => `“${name}” is now a synonym.`,
  parent: (name) => `“${name}” was added to the fandom.`,
};

wranglingRoutes.post(`${WRANGLING_PATH}/tags/:name`, async (c) => {
  const user = requireWrangler(requireUser(c));
  const name = c.req.param('name');
  const form = await readForm(c);
  const back = returnPath(form.return_to);
  const action = queueAction(form);
  return onInvalid(
    async () => {
      const tag = await wrangleFromQueue(c.get('services').db, user, name, action);
      return redirectWithFlash(c, back, DONE[action.action](tag.name));
    },
    (errors) => {
      const query = new URL(back, 'http://queue').searchParams;
      return renderQueue(c, queueRequest((key) => query.get(key) ?? undefined), { name, values: form, errors });
    },
  );
});

wranglingRoutes.get(WRANGLING_LOG_PATH, async (c) => {
  requireWrangler(requireUser(c));
  const values = { tag: c.req.query('tag') ?? '', wrangler: c.req.query('wrangler') ?? '' };
  const cursor = c.req.query('cursor') ?? '';
  const render = (page: { entries: Parameters<typeof WranglingLogPage>[0]['entries']; next: string | null }, errors = {}) =>
    c.html(<WranglingLogPage ctx={pageContext(c)} entries={page.entries} next={page.next} form={{ values, errors }} cursor={cursor} />, Object.keys(errors).length > 0 ? 422 : 200);
  return onInvalid(
    async () => render(await loadWranglingLog(c.get('services').db, { ...values, cursor })),
    (errors) => render({ entries: [], next: null }, errors),
  );
});
