import { stopBrowser } from './browser-server';
import { removeBuild } from './build';
import { removeImage } from './sqlite-image';

/** Jest's globalTeardown (jest.config.js). */
export default async function globalTeardown(): Promise<void> {
  removeBuild();
  await Promise.all([removeImage(), stopBrowser()]);
}
