import { t } from '../../i18n';

// How long a photo takes to send on a weak signal, said on the form before the upload (without
// JavaScript nothing shows progress). 350 kbit/s is what a 4.6 MB photo took on a village phone
// when it needed 105 s to upload.
const WEAK_KBIT_PER_SECOND = 350;
const TYPICAL_MB = 5;

function duration(mb: number): string {
  const seconds = Math.round((mb * 8 * 1024) / WEAK_KBIT_PER_SECOND);
  return seconds < 90 ? t('upload.seconds', { count: seconds }) : t('upload.minutes', { count: Math.round(seconds / 60) });
}

/** "Di sinyal lemah, foto 5 MB butuh ± 2 menit …; foto 15 MB (batas) ± 6 menit …", for the upload limit. */
export function uploadTimeHint(maxMb: number): string {
  return t('upload.time', { typical: duration(TYPICAL_MB), max: maxMb, longest: duration(maxMb) });
}
