import { accessibleBy } from '../../authz/accessible-by';
import type { Ctx } from '../../domain/context';

/** Villages of the caller's kecamatan that the caller may read (or update), by name. */
export async function villagesFor(ctx: Ctx, action: 'read' | 'update' = 'read') {
  const rows = await ctx.db
    .selectFrom('villages')
    .select(['id', 'name', 'kind', 'review_required'])
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, action, 'Village', 'villages'))
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ ...r, review_required: Number(r.review_required) }));
}
