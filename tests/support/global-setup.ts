import type { GlobalConfig } from 'jest';
import { startBrowser } from './browser-server';
import { buildForChildren } from './build';
import { migrateImage } from './sqlite-image';

/** Jest's globalSetup (jest.config.js): what the whole run shares, made once. */
export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  await Promise.all([migrateImage(), startBrowser(globalConfig), buildForChildren()]);
}
