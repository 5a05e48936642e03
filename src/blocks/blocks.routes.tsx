import { Hono, type Context } from 'hono';
import { onInvalid, requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { emptyForm, type FormState } from '../ui/forms.js';
import { addRelation, removeRelation } from './blocks.js';
import { listRelations, type RelationKind } from './blocks.queries.js';
import { RelationsPage } from './blocks.views.js';

/** The block and mute buttons on author pages, and the blocked and muted lists in settings. */
export const blocksRoutes = new Hono<AppEnv>();

const SETTINGS_PATH: Record<RelationKind, string> = { block: '/settings/blocked', mute: '/settings/muted' };

const DONE: Record<'block' | 'unblock' | 'mute' | 'unmute', (name: string) => string> = {
  block: (name) => `You blocked ${name}: they can no longer comment on your works or comments, nor leave kudos.`,
  unblock: (name) => `You unblocked ${name}.`,
  mute: (name) => `You muted ${name}: their works and comments are hidden from you.`,
  unmute: (name) => `You unmuted ${name}: their works and comments show again.`,
};

/** Where to go after a button: back to the settings list it was pressed on, otherwise the author's page (never elsewhere). */
function returnPath(returnTo: string | undefined, username: string): string {
  return returnTo === SETTINGS_PATH.block || returnTo === SETTINGS_PATH.mute ? returnTo : `/users/${encodeURIComponent(username)}`;
}

for (const action of ['block', 'unblock', 'mute', 'unmute'] as const) {
  const kind: RelationKind = action === 'block' || action === 'unblock' ? 'block' : 'mute';
  blocksRoutes.post(`/users/:username/${action}`, async (c) => {
    const user = requireUser(c);
    const { db } = c.get('services');
    const form = await readForm(c);
    const username = c.req.param('username');
    // Refusals (yourself, the limit) are 422 pages whose message says what went wrong.
    const other =
      action === 'block' || action === 'mute' ? (await addRelation(db, user, kind, { username })).other : await removeRelation(db, user, kind, username);
    return redirectWithFlash(c, returnPath(form.return_to, other.username), DONE[action](other.username));
  });
}

async function renderList(c: Context<AppEnv>, kind: RelationKind, form: FormState, status: 200 | 422) {
  const user = requireUser(c);
  const entries = await listRelations(c.get('services').db, kind, user.id);
  return c.html(<RelationsPage ctx={pageContext(c)} kind={kind} entries={entries} form={form} timeZone={user.time_zone} />, status);
}

for (const kind of ['block', 'mute'] as const) {
  blocksRoutes.get(SETTINGS_PATH[kind], (c) => renderList(c, kind, emptyForm, 200));

  blocksRoutes.post(SETTINGS_PATH[kind], async (c) => {
    const user = requireUser(c);
    const form = await readForm(c);
    return onInvalid(
      async () => {
        const { other } = await addRelation(c.get('services').db, user, kind, { username: form.username ?? '' });
        return redirectWithFlash(c, SETTINGS_PATH[kind], DONE[kind](other.username));
      },
      (errors) => renderList(c, kind, { values: form, errors }, 422),
    );
  });
}
