import type { Transporter } from 'nodemailer';
import type { Config } from '../../config';
import { onFirstUse } from '../../lib/on-first-use';

// Loaded by an install that sends mail, on its first round (src/lib/on-first-use.ts).
const nodemailer = onFirstUse<typeof import('nodemailer')>('nodemailer');

export type SmtpConfig = Pick<Config, 'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_SECURE' | 'SMTP_FROM' | 'PUBLIC_URL'>;

export function transportOf(c: SmtpConfig): Transporter {
  // A dead server must fail a round quickly, not hold it for minutes.
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  if (c.SMTP_URL) return nodemailer().createTransport({ url: c.SMTP_URL, ...timeouts } as never);
  return nodemailer().createTransport({
    host: c.SMTP_HOST,
    port: c.SMTP_PORT ?? (c.SMTP_SECURE ? 465 : 587),
    secure: c.SMTP_SECURE ?? c.SMTP_PORT === 465,
    auth: c.SMTP_USER ? { user: c.SMTP_USER, pass: c.SMTP_PASSWORD } : undefined,
    ...timeouts,
  });
}
