import { z } from 'zod';

const id = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);

/** The hidden fields of an "Ingatkan lewat WhatsApp" button. */
export const reminderForm = z.strictObject({ village_id: id, operator_id: id });
