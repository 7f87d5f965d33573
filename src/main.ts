import { bootstrap, exitOnConfigError } from './bootstrap';
import { checkUploadDir } from './startup/upload-dir';

async function main() {
  const { config, handle } = await bootstrap();
  checkUploadDir(config);
  // The app and everything it loads come after the checks: a bad setting exits in a fraction of
  // the time (tests/integration/startup.test.ts starts a dozen of them).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the checks, see above
  const { serve } = require('./startup/serve') as typeof import('./startup/serve');
  await serve(config, handle);
}

main().catch((err) => {
  exitOnConfigError(err);
  console.error(err);
  process.exit(1);
});
