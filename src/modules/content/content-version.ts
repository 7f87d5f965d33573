import type { Ctx } from '../../domain/context';
import { districtsChanged } from '../districts/hosts';

/** A publish (or anything public) changed: every cached page of the kecamatan is stale at once (docs/render-path.md). */
export async function bumpContentVersion(ctx: Pick<Ctx, 'db' | 'district'>): Promise<void> {
  await ctx.db
    .updateTable('districts')
    .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
    .where('id', '=', ctx.district.id)
    .execute();
  // This process's next request reads the new version (writes outside a request too: CLI, demo).
  districtsChanged();
}
