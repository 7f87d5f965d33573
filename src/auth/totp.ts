import { crypto as nodeCrypto } from '@otplib/plugin-crypto-node';
import { generateSync, verifySync } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { onFirstUse } from '../lib/on-first-use';

// RFC 6238 with the authenticator apps' defaults: SHA-1, 6 digits, 30-second steps. otplib's own
// entry point loads ESM-only hash and base32 packages that Jest cannot require on Node 20, so its
// TOTP core runs on Node's crypto and the base32 of the secret is done here.
export const PERIOD = 30;
export const ISSUER = 'Pendopo';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32(text: string): Uint8Array {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.toUpperCase().replace(/=+$/, '')) {
    const i = B32.indexOf(ch);
    if (i < 0) throw new Error('not base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}

/** A new secret: 160 random bits (RFC 4226's recommended length), in base32. */
export function newSecret(): string {
  return toBase32(randomBytes(20));
}

export function stepAt(epochSeconds: number): number {
  return Math.floor(epochSeconds / PERIOD);
}

/** The code of `secret` at a time (seconds); tests use it to make codes for other moments. */
export function codeAt(secret: string, epochSeconds: number): string {
  return generateSync({ secret: fromBase32(secret), crypto: nodeCrypto, epoch: epochSeconds, period: PERIOD });
}

/**
 * The time step a 6-digit code belongs to, if it is one of the current step or a neighbour
 * (one step of clock drift either way), else null. Replay is the caller's check.
 */
export function matchStep(secret: string, code: string, now = Date.now() / 1000): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const r = verifySync({ secret: fromBase32(secret), token: code, crypto: nodeCrypto, epoch: Math.floor(now), period: PERIOD, epochTolerance: PERIOD });
    return r.valid ? r.timeStep : null;
  } catch {
    return null;
  }
}

/** The otpauth:// URI an authenticator app reads; the label names the account and its kecamatan. */
export function otpauthUri(secret: string, account: string): string {
  return generateTOTP({ issuer: ISSUER, label: account, secret, period: PERIOD });
}

// Loaded for the enrolment page only (src/lib/on-first-use.ts).
const qrcode = onFirstUse<typeof import('qrcode')>('qrcode');

/** The URI as an inline SVG QR code, drawn here (no outside service sees the secret). */
export function qrSvg(uri: string): Promise<string> {
  return qrcode().toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

// Recovery codes: 12 characters of a 31-letter alphabet without look-alikes (about 59 random bits), so a
// plain sha-256 is enough to store them; typed in any case, with or without the dashes.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_COUNT = 10;

export function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** The hash of what the user typed, or null when it cannot be a recovery code. */
export function recoveryHash(typed: string): string | null {
  const plain = typed.toLowerCase().replace(/[\s-]/g, '');
  if (plain.length !== 12 || [...plain].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return createHash('sha256').update(plain).digest('hex');
}
