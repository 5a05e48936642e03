import { z } from 'zod';

// Validation shared by the sign-up page and POST /api/v1/accounts, and by the settings forms and their API twins.

const text = (message: string) => z.string({ error: message });

export const usernameSchema = text('Choose a username.')
  .trim()
  .min(3, 'Usernames are 3 to 40 characters.')
  .max(40, 'Usernames are 3 to 40 characters.')
  .regex(/^[A-Za-z0-9_-]+$/, 'Use only letters, digits, _ and -.');

export const emailSchema = text('Enter an email address.')
  .trim()
  .max(254, 'That email address is too long.')
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'Enter an email address like name@example.org.');

export const passwordSchema = text('Choose a password.')
  .min(10, 'Passwords are at least 10 characters.')
  .max(1000, 'Passwords are at most 1,000 characters.');

export const signupSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.object({
  login: text('Enter your username or email.').trim().min(1, 'Enter your username or email.').max(254, 'Enter your username or email.'),
  password: text('Enter your password.').min(1, 'Enter your password.').max(1000, 'Enter your password.'),
});

export const tokenSchema = loginSchema.extend({
  name: text('Name the token.').trim().min(1, 'Name the token so you can recognise it later.').max(100, 'Token names are at most 100 characters.'),
});

export const passwordChangeSchema = z.object({
  current_password: text('Enter your current password.').min(1, 'Enter your current password.'),
  new_password: passwordSchema,
});

export const emailChangeSchema = z.object({
  email: emailSchema,
  current_password: text('Enter your current password.').min(1, 'Enter your current password.'),
});

/** True for an IANA time zone name this runtime knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0 && value.length < 64;
  } catch {
    return false;
  }
}

/** Every time zone offered on the settings page. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
