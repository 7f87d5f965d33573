import crypto from 'node:crypto';
import type { Request } from 'express';
import { createCsrf } from '../../src/http/csrf';

// A logged-in session's CSRF token (src/http/csrf.ts) is an HMAC of its id: every page of the
// session asks for it (the logout form), so it is computed once per session id, not per request.
const SECRET = 's'.repeat(64);
const loggedIn = (sid: string) => ({ user: { id: 1 }, sessionID: sid, headers: {} }) as unknown as Request;
const expected = (sid: string) => crypto.createHmac('sha256', SECRET).update(`csrf session ${sid}`).digest('base64url');

afterEach(() => jest.restoreAllMocks());

test("a session's token is its id's HMAC, computed once for all its requests", () => {
  const csrf = createCsrf(SECRET);
  const hmac = jest.spyOn(crypto, 'createHmac');
  const first = csrf.generateToken(loggedIn('sid-a'));
  for (let i = 0; i < 3; i++) expect(csrf.generateToken(loggedIn('sid-a'))).toBe(first);
  expect(hmac).toHaveBeenCalledTimes(1);
  hmac.mockRestore();
  expect(first).toBe(expected('sid-a'));
});

test('another session id gets its own token, and a POST carrying another session’s token is refused', () => {
  const csrf = createCsrf(SECRET);
  const a = csrf.generateToken(loggedIn('sid-a'));
  const b = csrf.generateToken(loggedIn('sid-b'));
  expect(b).toBe(expected('sid-b'));
  expect(b).not.toBe(a);
  const post = (sid: string, token: string) => ({ ...loggedIn(sid), method: 'POST', body: { _csrf: token }, is: () => false }) as unknown as Request;
  expect(csrf.isRequestValid(post('sid-b', b))).toBe(true);
  expect(csrf.isRequestValid(post('sid-b', a))).toBe(false);
});

test('past the bound the oldest ids are dropped and their tokens computed again, the same', () => {
  const csrf = createCsrf(SECRET);
  const first = csrf.generateToken(loggedIn('sid-0'));
  for (let i = 1; i <= 1_000; i++) csrf.generateToken(loggedIn(`sid-${i}`));
  const hmac = jest.spyOn(crypto, 'createHmac');
  expect(csrf.generateToken(loggedIn('sid-0'))).toBe(first);
  expect(hmac).toHaveBeenCalledTimes(1);
});
