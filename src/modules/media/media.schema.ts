import { z } from 'zod';

const alt = z.string().trim().max(250, 'validation.tooLong').default('');

const optionalVillage = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return null;
    if (!/^[1-9]\d{0,8}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'mediaAdmin.villageUnknown' });
      return z.NEVER;
    }
    return Number(v);
  });

/** An operator's upload: the village is always their own, so the form has no village field to post. */
export const operatorUploadForm = z.strictObject({ alt });

/** A camat office upload: a village of the kecamatan, or empty for kecamatan-level media. */
export const districtUploadForm = z.strictObject({ alt, village_id: optionalVillage });

export const altForm = z.strictObject({ alt });
