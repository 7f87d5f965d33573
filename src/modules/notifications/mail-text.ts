import type { Timezone } from '../../db/schema';
import { formatDate, formatDateTime, t } from '../../i18n';
import { type Sentenced, sentenceOf } from './sentence';

export interface MailRow extends Sentenced {
  path: string;
  note: string | null;
  created_at: string;
}

export interface Letter {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Frame {
  /** The recipient's name. */
  name: string;
  /** "Kecamatan Purwareja Klampok". */
  site: string;
  /** The kecamatan's origin ('' when it has no known address: paths alone). */
  origin: string;
  timezone: Timezone;
}

function entry(n: MailRow, f: Frame): { text: string; html: string } {
  const link = `${f.origin}${n.path}`;
  const sentence = sentenceOf(n);
  const when = formatDateTime(n.created_at, f.timezone);
  const note = n.note ? `${t('notify.note')} ${n.note}` : '';
  return {
    text: [`${sentence}`, note, `${when}`, `${t('notify.open')}: ${link}`].filter(Boolean).join('\n'),
    html: `<p><a href="${esc(link)}">${esc(sentence)}</a><br>${note ? `${esc(note)}<br>` : ''}<small>${esc(when)}</small></p>`,
  };
}

function wrap(f: Frame, intro: string | null, parts: { text: string; html: string }[]): Omit<Letter, 'subject'> {
  const prefs = `${f.origin}/admin/akun/notifikasi`;
  const greeting = t('mail.greeting', { name: f.name });
  const footer = t('mail.footer', { site: f.site });
  return {
    text: [greeting, intro, ...parts.map((p) => p.text), '--', `${footer} ${prefs}`].filter((x) => x !== null).join('\n\n'),
    html: `<!doctype html><html lang="id"><body style="font-family:sans-serif;line-height:1.5"><p>${esc(greeting)}</p>${intro ? `<p>${esc(intro)}</p>` : ''}${parts.map((p) => p.html).join('')}<hr><p><small>${esc(footer)} <a href="${esc(prefs)}">${esc(prefs)}</a></small></p></body></html>`,
  };
}

/** The mail of one notification. */
export function singleLetter(n: MailRow, f: Frame): Letter {
  return { subject: `[${f.site}] ${sentenceOf(n)}`.slice(0, 200), ...wrap(f, null, [entry(n, f)]) };
}

/** The daily digest of a user's notifications, oldest first. */
export function digestLetter(rows: MailRow[], f: Frame, now: Date): Letter {
  return {
    subject: t('mail.digestSubject', { site: f.site, date: formatDate(now, f.timezone) }),
    ...wrap(
      f,
      t('mail.digestIntro'),
      rows.map((n) => entry(n, f)),
    ),
  };
}
