import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { VillageKind } from '../../db/schema';
import { fromDbDate, nowUtc } from '../../db/time';
import { NotFoundError } from '../../domain/errors';
import type { Ctx } from '../../domain/context';
import { t } from '../../i18n';
import { recordAudit } from '../../audit/record';

// "Ingatkan lewat WhatsApp" on the camat office's dashboard. wa.me is outside the site, so the
// button posts here first: the reminder is recorded, then the browser is sent on (303) to wa.me
// with the message filled in (form-action in src/http/security.ts allows that redirect).

export interface ReminderInfo {
  /** Active operators of the village with a WhatsApp number: one button each. */
  targets: { id: number; name: string }[];
  /** An active operator without a number, whose user form can take one. */
  numberless: number | null;
  last: { sentAt: string; by: string | null } | null;
}

/** Per village of the kecamatan: whom a reminder can go to, and the last one sent. */
export async function reminderInfo(ctx: Ctx): Promise<Map<number, ReminderInfo>> {
  const [operators, last] = await Promise.all([
    ctx.db
      .selectFrom('users')
      .select(['id', 'name', 'village_id', 'whatsapp'])
      .where('district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'read', 'User', 'users'))
      .where('role', '=', 'village_operator')
      .where('disabled_at', 'is', null)
      .where('village_id', 'is not', null)
      .orderBy('name')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('village_reminders as r')
      .leftJoin('users', 'users.id', 'r.sent_by')
      .select(['r.village_id', 'r.sent_at', 'users.name'])
      .where('r.id', 'in', (eb) =>
        eb
          .selectFrom('village_reminders')
          .select((e) => e.fn.max('id').as('id'))
          .where('district_id', '=', ctx.district.id)
          .groupBy('village_id'),
      )
      .execute(),
  ]);
  const info = new Map<number, ReminderInfo>();
  const of = (villageId: number) => {
    let i = info.get(villageId);
    if (!i) info.set(villageId, (i = { targets: [], numberless: null, last: null }));
    return i;
  };
  for (const op of operators) {
    const i = of(op.village_id!);
    if (op.whatsapp) i.targets.push({ id: op.id, name: op.name });
    else i.numberless ??= op.id;
  }
  for (const r of last) of(r.village_id).last = { sentAt: r.sent_at, by: r.name };
  return info;
}

/** The prefilled, polite message: the village, its days of silence and the login link. */
export function reminderText(a: { operator: string; kind: VillageKind; village: string; district: string; lastPublished: string | null; loginUrl: string; now: Date }): string {
  const vars = { name: a.operator, kind: t(`kind.${a.kind}`), village: a.village, district: a.district, url: a.loginUrl };
  if (a.lastPublished === null) return t('remind.messageNever', vars);
  const days = Math.max(0, Math.floor((a.now.getTime() - fromDbDate(a.lastPublished).getTime()) / 86_400_000));
  return t('remind.messageQuiet', { ...vars, days });
}

export function waMeUrl(number: string, text: string): string {
  return `https://wa.me/${number}?text=${encodeURIComponent(text)}`;
}

/**
 * Records a reminder to one operator of one village of the caller's kecamatan and answers the
 * wa.me URL to send the browser to. 404 (nothing recorded) for a village of another kecamatan,
 * or an operator who is not an active operator of that village with a number.
 */
export async function sendReminder(ctx: Ctx, input: { villageId: number; operatorId: number; origin: string; now?: Date }): Promise<string> {
  authorize(ctx.ability, 'create', 'Reminder', { district_id: ctx.district.id });
  const village = await ctx.db
    .selectFrom('villages')
    .select(['id', 'name', 'kind'])
    .where('id', '=', input.villageId)
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'create', 'Reminder', 'villages'))
    .executeTakeFirst();
  if (!village) throw new NotFoundError();
  const operator = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'whatsapp'])
    .where('id', '=', input.operatorId)
    .where('district_id', '=', ctx.district.id)
    .where('village_id', '=', village.id)
    .where('role', '=', 'village_operator')
    .where('disabled_at', 'is', null)
    .where('whatsapp', 'is not', null)
    .executeTakeFirst();
  if (!operator?.whatsapp) throw new NotFoundError();
  const published = await ctx.db
    .selectFrom('content_items')
    .select((eb) => eb.fn.max('published_at').as('last'))
    .where('district_id', '=', ctx.district.id)
    .where('village_id', '=', village.id)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const text = reminderText({
    operator: operator.name,
    kind: village.kind,
    village: village.name,
    district: ctx.district.name,
    lastPublished: published?.last ? String(published.last) : null,
    loginUrl: `${input.origin}/masuk`,
    now: input.now ?? new Date(),
  });
  const sentAt = nowUtc();
  await ctx.db.insertInto('village_reminders').values({ district_id: ctx.district.id, village_id: village.id, operator_id: operator.id, sent_by: ctx.user.id, sent_at: sentAt }).execute();
  await recordAudit(ctx.db, {
    action: 'village.reminded',
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: village.id,
    targetType: 'user',
    targetId: operator.id,
    ip: ctx.ip,
  });
  return waMeUrl(operator.whatsapp, text);
}
