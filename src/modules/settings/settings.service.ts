import { districtsChanged } from '../districts/hosts';
import { villagesFor } from '../districts/villages';
import { authorize } from '../../authz/authorize';
import { nowUtc } from '../../db/time';
import type { Ctx } from '../../domain/context';
import { recordAudit } from '../../audit/record';
import { blockedTermsOf } from '../content/spam';
import '../../auth/two-factor.table';

export class SettingsInputError extends Error {}

/** The villages whose review mode the caller may change, with their current mode. */
export function reviewModes(ctx: Ctx) {
  return villagesFor(ctx, 'update');
}

/** The kecamatan's own list, or null while it uses the defaults. */
export function storedTerms(stored: string | null): string[] | null {
  return stored === null ? null : blockedTermsOf(stored);
}

export interface TwoFactorPolicy {
  admins: boolean;
  operators: boolean;
}

export interface SettingsInput {
  reviewVillageIds: number[];
  /** null: use the defaults. */
  terms: string[] | null;
  /** Who must use a second factor; left as it is when absent. */
  twoFactor?: TwoFactorPolicy;
}

export function twoFactorPolicyOf(district: { two_factor_admins: number; two_factor_operators: number }): TwoFactorPolicy {
  return { admins: Boolean(district.two_factor_admins), operators: Boolean(district.two_factor_operators) };
}

/** Saves the review mode of every village, the blocked terms and the 2FA policy; audits each change with before and after. */
export async function saveSettings(ctx: Ctx, input: SettingsInput): Promise<number> {
  authorize(ctx.ability, 'update', 'District', { id: ctx.district.id });
  const villages = await reviewModes(ctx);
  const known = new Set(villages.map((v) => v.id));
  if (input.reviewVillageIds.some((id) => !known.has(id))) throw new SettingsInputError('village');
  const wanted = new Set(input.reviewVillageIds);
  const flips = villages.filter((v) => (wanted.has(v.id) ? 1 : 0) !== v.review_required);
  const before = storedTerms(ctx.district.blocked_terms);
  const after = input.terms;
  const termsChanged = JSON.stringify(before) !== JSON.stringify(after);
  const policyBefore = twoFactorPolicyOf(ctx.district);
  const policy = input.twoFactor ?? policyBefore;
  const policyChanged = policy.admins !== policyBefore.admins || policy.operators !== policyBefore.operators;
  if (flips.length === 0 && !termsChanged && !policyChanged) return 0;

  const now = nowUtc();
  await ctx.db.transaction().execute(async (trx) => {
    for (const v of flips) {
      await trx
        .updateTable('villages')
        .set({ review_required: v.review_required ? 0 : 1, updated_at: now })
        .where('id', '=', v.id)
        .where('district_id', '=', ctx.district.id)
        .execute();
    }
    if (termsChanged) {
      await trx
        .updateTable('districts')
        .set({ blocked_terms: after === null ? null : after.join('\n'), updated_at: now })
        .where('id', '=', ctx.district.id)
        .execute();
    }
    if (policyChanged) {
      await trx
        .updateTable('districts')
        .set({ two_factor_admins: policy.admins ? 1 : 0, two_factor_operators: policy.operators ? 1 : 0, updated_at: now })
        .where('id', '=', ctx.district.id)
        .execute();
    }
  });
  // This instance's cached kecamatan row (src/modules/districts/hosts.ts) shows the new settings at once.
  if (termsChanged || policyChanged) districtsChanged();

  const actor = { ...ctx.user, district_id: ctx.district.id };
  for (const v of flips) {
    await recordAudit(ctx.db, {
      action: 'settings.review_mode',
      actor,
      districtId: ctx.district.id,
      villageId: v.id,
      targetType: 'village',
      targetId: v.id,
      detail: { village: v.name, before: v.review_required, after: v.review_required ? 0 : 1 },
      ip: ctx.ip,
    });
  }
  if (termsChanged) {
    // null in before/after means the defaults.
    await recordAudit(ctx.db, {
      action: 'settings.blocked_terms',
      actor,
      districtId: ctx.district.id,
      villageId: null,
      targetType: 'district',
      targetId: ctx.district.id,
      detail: { before, after },
      ip: ctx.ip,
    });
  }
  if (policyChanged) {
    await recordAudit(ctx.db, {
      action: 'settings.two_factor',
      actor,
      districtId: ctx.district.id,
      villageId: null,
      targetType: 'district',
      targetId: ctx.district.id,
      detail: { before: policyBefore, after: policy },
      ip: ctx.ip,
    });
  }
  return flips.length + (termsChanged ? 1 : 0) + (policyChanged ? 1 : 0);
}
