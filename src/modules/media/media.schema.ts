import { z } from 'zod';
import { optionalId } from '../../lib/validation';

const alt = z.string().trim().max(250, 'validation.tooLong').default('');

const optionalVillage = optionalId('mediaAdmin.villageUnknown');

/** An operator's upload: the village is always their own, so the form has no village field to post. */
export const operatorUploadForm = z.strictObject({ alt });

/** A camat office upload: a village of the kecamatan, or empty for kecamatan-level media. */
export const districtUploadForm = z.strictObject({ alt, village_id: optionalVillage });

export const altForm = z.strictObject({ alt });
