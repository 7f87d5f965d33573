import { authorize } from '../../authz/authorize';
import type { Ctx } from '../../domain/context';
import { blockedTermsOf, findBlockedTerms } from '../content/spam';

/**
 * Media shown by a live item is part of the live site: changing its alt text or deleting it needs
 * the right to publish that item (in a review-mode village, the camat office's), so the media
 * library is no way around review. Returns those items.
 */
export async function guardLiveUse(ctx: Ctx, mediaId: number): Promise<{ id: number }[]> {
  const items = await ctx.db
    .selectFrom('content_items')
    .select(['id', 'district_id', 'village_id', 'status', 'returned_at'])
    .where('district_id', '=', ctx.district.id)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('cover_media_id', '=', mediaId), eb('id', 'in', eb.selectFrom('item_media').select('item_id').where('media_id', '=', mediaId))]))
    .execute();
  for (const item of items) authorize(ctx.ability, 'publish', 'Content', item);
  return items;
}

/** Blocked words in an alt text (it is shown on public pages like any other text). */
export function altSpam(ctx: Ctx, alt: string): string[] {
  return findBlockedTerms([alt], blockedTermsOf(ctx.district.blocked_terms));
}
