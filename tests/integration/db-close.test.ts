// A destroyed MariaDB pool leaves no socket open. mysql2's own pool.end() called back before the
// server had closed its sockets, and a Jest worker whose last file had just dropped its database
// could not exit in time: "A worker process has failed to exit gracefully".
import { sql } from 'kysely';
import { Socket } from 'node:net';
import { createTestDb } from '../support/db';

const MYSQL = Boolean(process.env.DATABASE_URL);

/** This process's sockets to the MariaDB server that are still open. */
function serverSockets(): Socket[] {
  const port = Number(new URL(process.env.DATABASE_URL!).port || 3306);
  const handles = (process as unknown as { _getActiveHandles: () => unknown[] })._getActiveHandles();
  return handles.filter((h): h is Socket => h instanceof Socket && h.remotePort === port && !h.destroyed);
}

(MYSQL ? test : test.skip)("drop() returns once every socket of the test database's pool and of the admin connection has closed", async () => {
  const before = new Set(serverSockets());
  const handle = await createTestDb();
  // Four queries at once: the pool opens four connections.
  await Promise.all([1, 2, 3, 4].map(() => sql`SELECT SLEEP(0.05)`.execute(handle.db)));
  const opened = serverSockets().filter((s) => !before.has(s));
  expect(opened.length).toBeGreaterThanOrEqual(4);

  await handle.drop();
  expect(opened.filter((s) => !s.destroyed).map((s) => s.localPort)).toEqual([]);
  // Nor is the connection that dropped the database left open.
  expect(
    serverSockets()
      .filter((s) => !before.has(s))
      .map((s) => s.localPort),
  ).toEqual([]);
});
