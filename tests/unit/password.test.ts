import { PASSWORD_MIN, generatePassword, hashPassword, passwordProblem, verifyPassword } from '../../src/auth/password';

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
});
