import type { MiddlewareHandler } from 'hono';
import { hasTwoFactor } from '../accounts/two-factor.js';
import { wantsJson } from '../http/error-handler.js';
import type { AppEnv } from '../http/env.js';
import { TwoFactorRequired } from '../http/errors.js';
import { pageContext } from '../http/page-context.js';
import { Layout } from '../ui/layout.js';
import { isStaff } from './roles.js';

// With the site setting `require_staff_two_factor` on, an administrator or moderator must have two-factor sign-in
// turned on before using their powers: every /admin and /api/v1/admin request from one without it is refused with
// 403 two_factor_required, pointing at the setup page. Everyone else passes through to the route's own checks.

export const TWO_FACTOR_SETUP_PATH = '/settings/two-factor';

/** Mounted on /admin/* and /api/v1/admin/*. */
export const requireStaffTwoFactor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user');
  if (!user || !isStaff(user) || !c.get('settings').require_staff_two_factor) return next();
  if (await hasTwoFactor(c.get('services').db, user.id)) return next();
  const error = TwoFactorRequired();
  if (wantsJson(c)) throw error;
  return c.html(
    <Layout ctx={pageContext(c)} title="Two-factor sign-in required">
      <section class="narrow error-page">
        <h1>Two-factor sign-in required</h1>
        <p>This archive requires administrators and moderators to turn on two-factor sign-in before using the admin area.</p>
        <p>
          <a class="button primary" href={TWO_FACTOR_SETUP_PATH}>
            Set up two-factor sign-in
          </a>
        </p>
      </section>
    </Layout>,
    403,
  );
};

/**
 * Everywhere else (editing anyone's work, appointing wranglers, hiding from a work page), a staff member without the
 * required two-factor sign-in acts as an ordinary reader for this request: their admin and moderator flags are
 * dropped from the request's user, so every policy check sees a reader. Mounted after requireStaffTwoFactor, which
 * has already answered /admin with the explanation.
 */
export const staffPowersNeedTwoFactor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.get('user');
  if (user && isStaff(user) && c.get('settings').require_staff_two_factor && !(await hasTwoFactor(c.get('services').db, user.id))) {
    c.set('user', { ...user, is_admin: 0, is_moderator: 0 });
  }
  return next();
};
