import { PASSWORD_MIN, generatePassword, hashPassword, passwordProblem, verifyPassword } from '../../src/auth/password';
import { passwordHashing } from '../../src/config';

describe('passwordProblem', () => {
  test('too short', () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(passwordProblem('Ab3$xyz9')).toBe('password.tooShort');
    expect(passwordProblem('a'.repeat(9) + 'Z')).toBeNull();
  });

  test('too long', () => {
    expect(passwordProblem('x7-'.repeat(67))).toBe('password.tooLong');
  });

  test.each(['password123', 'PASSWORD123', 'indonesia123', 'bismillah123', 'kecamatan123', 'aaaaaaaaaaaa', '1234567890'])('common: %s', (pw) => {
    expect(passwordProblem(pw)).toBe('password.common');
  });

  test('containing the username, in any case', () => {
    expect(passwordProblem('operator.pagak-2026', 'operator.pagak')).toBe('password.likeUsername');
    expect(passwordProblem('XXCamatKlampokXX', 'camatklampok')).toBe('password.likeUsername');
    expect(passwordProblem('XXCamatKlampokXX', 'sekcam')).toBeNull();
  });

  test('an acceptable password', () => {
    expect(passwordProblem('Kopi-Tubruk-Klampok-2026', 'camat')).toBeNull();
    expect(passwordProblem('salak pondoh manis sekali')).toBeNull();
  });
});

describe('generatePassword', () => {
  test('four groups of four unambiguous characters that pass the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(19);
      expect(pw).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(pw).not.toMatch(/[01OlI]/);
      expect(passwordProblem(pw)).toBeNull();
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
  });
});

describe('hashPassword', () => {
  test('argon2id hash that verifies only the right password', async () => {
    const hash = await hashPassword('Kopi-Tubruk-Klampok-2026');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'Kopi-Tubruk-Klampok-2026')).toBe(true);
    expect(await verifyPassword(hash, 'kopi-tubruk-klampok-2026')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  test('in production the hash carries the OWASP cost: argon2id, 19 MiB, 2 passes, 1 lane', async () => {
    const hash = await hashPassword('Kopi-Tubruk-Klampok-2026', passwordHashing({ NODE_ENV: 'production' }));
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'Kopi-Tubruk-Klampok-2026')).toBe(true);
    expect(await verifyPassword(hash, 'Kopi-Tubruk-Klampok-2025')).toBe(false);
  });

  test('the tests hash cheaply, and a hash verifies whatever cost made it', async () => {
    // tests/support/env.ts: the configured cost here is the cheap one.
    const cheap = await hashPassword('Kopi-Tubruk-Klampok-2026');
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=64,p=1,t=1\$/);
    // Verifying reads the cost from the hash: hashes made at another cost (an earlier setting,
    // or the tests' cheap one) keep working after PASSWORD_HASH_* change.
    expect(await verifyPassword(cheap, 'Kopi-Tubruk-Klampok-2026')).toBe(true);
    expect(await verifyPassword(cheap, 'kopi-tubruk-klampok-2026')).toBe(false);
  });
});
