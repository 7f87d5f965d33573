import type { ContentItem } from '../../db/schema';

/**
 * Whether the camat office has something to decide on this item: it was sent, returned, has an
 * edit pending, or is still under a return (src/authz/ability.ts). Publishing such an item by a
 * reviewer is an approval, and lifts the return.
 */
export function awaitsReview(item: Pick<ContentItem, 'status' | 'pending_revision_id' | 'returned_at'>): boolean {
  return item.status === 'submitted' || item.status === 'returned' || item.pending_revision_id !== null || item.returned_at !== null;
}
