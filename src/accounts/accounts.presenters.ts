import type { User } from '../db/schema.js';

/** A user as anyone may see them in the API. */
export function presentUser(user: User, baseUrl: string) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    bio: user.bio,
    created_at: user.created_at,
    url: `${baseUrl}/users/${encodeURIComponent(user.username)}`,
  };
}

/** The signed-in user's own account, with private settings. */
export function presentMe(user: User, baseUrl: string) {
  return {
    ...presentUser(user, baseUrl),
    email: user.email,
    time_zone: user.time_zone,
    view_adult: user.view_adult === 1,
    history_enabled: user.history_enabled === 1,
    email_frequency: user.email_frequency,
    email_confirmed: user.email_confirmed_at !== null,
    unread_notifications: user.unread_notifications,
    admin: user.is_admin === 1,
  };
}
