import { stopBrowser } from './browser-server';
import { removeImage } from './sqlite-image';

/** Jest's globalTeardown (jest.config.js). */
export default async function globalTeardown(): Promise<void> {
  await Promise.all([removeImage(), stopBrowser()]);
}
