import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARENA_MAX, arenaRestartEnv, isGlibc } from '../../src/malloc-arenas';

describe('arenaRestartEnv', () => {
  test('on glibc without MALLOC_ARENA_MAX: the same environment plus the cap', () => {
    expect(arenaRestartEnv({ PORT: '3000' }, true)).toEqual({ PORT: '3000', MALLOC_ARENA_MAX: ARENA_MAX });
    expect(ARENA_MAX).toBe('2');
  });

  test('no restart when the variable is already set (any value, 0 = glibc default) or libc is not glibc', () => {
    expect(arenaRestartEnv({ MALLOC_ARENA_MAX: '2' }, true)).toBeNull();
    expect(arenaRestartEnv({ MALLOC_ARENA_MAX: '0' }, true)).toBeNull();
    expect(arenaRestartEnv({}, false)).toBeNull();
  });
});

// A script that starts like src/main.ts does: what the process that carries on sees, and its exit code.
const glibcLinux = process.platform === 'linux' && isGlibc();
(glibcLinux ? describe : describe.skip)('restartWithArenaCap (glibc Linux)', () => {
  let dir: string;
  let script: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-arenas-'));
    script = path.join(dir, 'entry.ts');
    const mod = path.resolve(__dirname, '../../src/malloc-arenas');
    fs.writeFileSync(
      script,
      `import { restartWithArenaCap } from ${JSON.stringify(mod)};\n` +
        `if (!restartWithArenaCap()) { console.log(JSON.stringify({ arena: process.env.MALLOC_ARENA_MAX ?? null, supervisor: process.env.PENDOPO_SUPERVISOR_PID ?? null, ppid: process.ppid })); process.exitCode = 7; }\n`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { env, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, out: JSON.parse(r.stdout.trim()) as { arena: string | null; supervisor: string | null; ppid: number }, pid: r.pid };
  };
  const baseEnv = () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.PENDOPO_SUPERVISOR_PID;
    return env;
  };

  test('without MALLOC_ARENA_MAX the program runs once, in a child with the cap, and its exit code is relayed', () => {
    const r = run(baseEnv());
    expect(r.out.arena).toBe(ARENA_MAX);
    expect(r.out.supervisor).toBe(String(r.pid));
    expect(r.out.ppid).toBe(r.pid);
    expect(r.status).toBe(7);
  }, 90_000);

  test('with MALLOC_ARENA_MAX set it runs in place', () => {
    const r = run({ ...baseEnv(), MALLOC_ARENA_MAX: '0' });
    expect(r.out).toMatchObject({ arena: '0', supervisor: null });
    expect(r.status).toBe(7);
  }, 90_000);
});
