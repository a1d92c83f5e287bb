import { z } from 'zod';
import { displayText, hasHiddenCharacters, manyLines, oneLine } from './text.schema.js';

/** The rules for what a card may hold; shared by sign-up and profile edits. */
export const LIMITS = {
  name: 80,
  handle: 30,
  headline: 140,
  bio: 2000,
  url: 2048,
  linkLabel: 40,
  links: 10,
  email: 254,
  password: { min: 8, max: 200 },
} as const;

const parsedUrl = (value: string): URL | null => {
  try {
    return new URL(value);
  } catch {
    return null;
  }
};

/**
 * An http(s) address as typed, with nothing the URL parser would quietly
 * drop (it strips tabs and line breaks, so they would reach vCards raw) and
 * no user name or password in it (a share would publish them).
 */
export const webUrl = z
  .string()
  .trim()
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .refine((value) => !hasHiddenCharacters(value), 'must not contain control, invisible or text-direction characters')
  .refine((value) => {
    const url = parsedUrl(value);
    return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  }, 'must be a web address starting with http:// or https://')
  .refine((value) => {
    const url = parsedUrl(value);
    return url === null || (url.username === '' && url.password === '');
  }, 'must not contain a user name or password');

export const name = displayText().min(1, 'must not be empty').max(LIMITS.name, `must be at most ${LIMITS.name} characters`);
export const handle = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{2,30}$/, 'must be 2–30 letters, digits or underscores');
export const email = z.string().trim().toLowerCase().max(LIMITS.email).pipe(z.email('must be an email address'));
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{3,32}$/, 'must be a phone number (digits, spaces, + ( ) - .)');

export const ProfilePatch = z.object({
  name: name.optional(),
  handle: handle.optional(),
  headline: oneLine().max(LIMITS.headline, `must be at most ${LIMITS.headline} characters`).optional(),
  bio: manyLines().max(LIMITS.bio, `must be at most ${LIMITS.bio} characters`).optional(),
  avatarUrl: webUrl.nullable().optional(),
  links: z
    .array(
      z.object({
        label: oneLine().min(1, 'must not be empty').max(LIMITS.linkLabel, `must be at most ${LIMITS.linkLabel} characters`),
        url: webUrl,
      }),
    )
    .max(LIMITS.links, `at most ${LIMITS.links} links`)
    .optional(),
  email: email.optional(),
  phone: phone.nullable().optional(),
});

export const password = z
  .string()
  .min(LIMITS.password.min, `must be at least ${LIMITS.password.min} characters`)
  .max(LIMITS.password.max, `must be at most ${LIMITS.password.max} characters`);

export const SignUp = z.object({ name, handle, email, password });

export const ChangePassword = z
  .object({
    currentPassword: z.string().max(LIMITS.password.max),
    newPassword: password,
  })
  .refine((c) => c.newPassword !== c.currentPassword, {
    path: ['newPassword'],
    message: 'must differ from your current password',
  });

export const SignIn = z.object({
  email: z.string().trim().toLowerCase().max(LIMITS.email),
  password: z.string().max(LIMITS.password.max),
});
