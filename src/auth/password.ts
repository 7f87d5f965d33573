import argon2 from 'argon2';
import { randomInt } from 'node:crypto';
import { passwordHashing } from '../config';
import type { MessageKey } from '../i18n';
import { onFirstUse } from '../lib/on-first-use';

export type PasswordHashCost = ReturnType<typeof passwordHashing>;

// OWASP's baseline unless PASSWORD_HASH_* say more (or, in tests, less): src/config.ts.
let configured: PasswordHashCost | undefined;

/** An argon2id hash (1 lane) at the configured cost; verifying reads the cost back from the hash. */
export function hashPassword(password: string, cost: PasswordHashCost = (configured ??= passwordHashing())): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, parallelism: 1, ...cost });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user is unknown keeps both failures equally slow.
let dummyHash: Promise<string> | undefined;
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('pendopo-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

// zxcvbn's list of common passwords is decompressed when a password is first checked, not by every
// process that imports this module (src/lib/on-first-use.ts).
const zxcvbnCommon = onFirstUse<typeof import('@zxcvbn-ts/language-common')>('@zxcvbn-ts/language-common');
// Local favourites that an international list misses.
const LOCAL_COMMON = [
  'indonesia',
  'indonesia123',
  'bismillah',
  'bismillah123',
  'merdeka45',
  'garuda123',
  'admin12345',
  'kecamatan',
  'kecamatan123',
  'desa12345',
  'operator123',
  'pendopo123',
  'rahasia123',
  'sayang123',
  'qwerty12345',
];
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set([...(zxcvbnCommon().dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()), ...LOCAL_COMMON]));

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** The message key of the first rule the password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): MessageKey | null {
  if (password.length < PASSWORD_MIN) return 'password.tooShort';
  if (password.length > PASSWORD_MAX) return 'password.tooLong';
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|9876543210)+$/.test(password)) {
    return 'password.common';
  }
  if (username && lower.includes(username.toLowerCase())) return 'password.likeUsername';
  return null;
}

// No 0/O, 1/l/I: the password is read aloud or copied from paper in the village office.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random issued password: four groups of four, about 93 bits. */
export function generatePassword(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return groups.join('-');
}
