import { endSessionsOfUser } from '../../auth/sessions';
import type { Ctx } from '../../domain/context';
import { recordAudit } from '../../audit/record';
import { removeTwoFactor, totpRow } from '../../auth/two-factor';
import { getUser } from './users.service';

export type ResetOutcome = 'done' | 'self' | 'none';

/**
 * The camat office (or a superadmin) removes a user's second factor, for someone who lost both
 * phone and recovery codes: their sessions end, and their next login enrols again where required.
 * One's own is changed on /admin/akun/2fa, which asks for the password and a code.
 */
export async function resetTwoFactor(ctx: Ctx, id: number): Promise<{ outcome: ResetOutcome; username: string }> {
  const user = await getUser(ctx, id, 'update');
  if (user.id === ctx.user.id) return { outcome: 'self', username: user.username };
  if (!(await totpRow(ctx.db, id))) return { outcome: 'none', username: user.username };
  await removeTwoFactor(ctx.db, id);
  await endSessionsOfUser(ctx.db, id);
  await recordAudit(ctx.db, {
    action: 'user.two_factor_reset',
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    targetType: 'user',
    targetId: id,
    detail: { username: user.username },
    ip: ctx.ip,
  });
  return { outcome: 'done', username: user.username };
}
