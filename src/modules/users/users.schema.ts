import { z } from 'zod';
import { optionalId, text } from '../../lib/validation';
import { optionalEmail } from '../notifications/notifications.schema';
import { whatsapp } from '../content/fields';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export const username = z.string({ error: 'validation.required' }).trim().toLowerCase().min(1, 'validation.required').max(64, 'validation.tooLong').regex(USERNAME, 'users.usernameHint');

const optionalVillageId = optionalId('users.villageUnknown');

/** Roles a camat office may hand out; superadmin is never one of them. */
export const assignableRole = z.enum(['district_admin', 'village_operator'], { error: 'validation.invalid' });

export const createUserForm = z.strictObject({
  name: text(100),
  username,
  role: assignableRole,
  village_id: optionalVillageId,
  email: optionalEmail,
  whatsapp,
});

export const updateUserForm = z.strictObject({
  name: text(100),
  role: assignableRole,
  village_id: optionalVillageId,
  email: optionalEmail,
  whatsapp,
});

export const changePasswordForm = z.strictObject({
  current_password: z.string().max(200, 'validation.tooLong').default(''),
  new_password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'password.tooLong'),
  confirm_password: z.string({ error: 'validation.required' }),
});

/** The user's own WhatsApp number, on their account page ('' removes it). */
export const accountWhatsappForm = z.strictObject({ whatsapp });

/** The second step of disabling or resetting a user: the confirmation page's button sends it. */
export const confirmForm = z.strictObject({ confirm: z.literal('ya', { error: 'users.confirmNeeded' }) });
