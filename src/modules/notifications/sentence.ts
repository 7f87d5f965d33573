import { t } from '../../i18n';
import { QUIET_DAYS } from '../dashboard/dashboard.queries';
import type { NotificationKind } from './notifications.table';

export interface Sentenced {
  kind: NotificationKind;
  title: string;
  village_name: string | null;
  actor_name: string | null;
}

/** The notification as one Indonesian sentence, plain text (views and mail escape it). */
export function sentenceOf(n: Sentenced): string {
  const place = n.village_name ?? t('notify.kecamatan');
  if (n.kind === 'quiet') return t('notify.quiet', { place, days: QUIET_DAYS });
  return t(`notify.${n.kind}`, { title: n.title, place, actor: n.actor_name ?? '—' });
}
