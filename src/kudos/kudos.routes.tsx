import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { idParam } from '../http/params.js';
import { guestKey } from '../http/visitor.js';
import { leaveKudos } from './kudos.js';

/** The Kudos button's form target. */
export const kudosRoutes = new Hono<AppEnv>();

/** The purpose string guest kudos keys are signed under (see src/http/visitor.ts). */
export const KUDOS_KEY_PURPOSE = 'kudos';

kudosRoutes.post('/works/:id{[0-9]+}/kudos', async (c) => {
  const id = idParam(c.req.param('id'), 'work');
  const added = await leaveKudos(c.get('services').db, c.get('user'), guestKey(c, KUDOS_KEY_PURPOSE), id);
  return redirectWithFlash(c, `/works/${id}#kudos-heading`, added ? 'Thank you for leaving kudos!' : 'You have already left kudos here. :)');
});
