// Every user-facing string of Pendopo, in Bahasa Indonesia, one file per area under id/.
// An English locale follows this shape.
import { mediaMessages } from '../files/messages';
import { audit } from './id/audit';
import { content } from './id/content';
import { consoleStrings } from './id/console';
import { core } from './id/core';
import { portalMap } from './id/portal-map';
import { mediaAdmin } from './id/media-admin';
import { identity } from './id/identity';
import { profile } from './id/profile';
import { review } from './id/review';
import { project } from './id/project';
import { report } from './id/report';
import { portal } from './id/portal';
import { portalCatalog } from './id/portal-catalog';
import { portalSearch } from './id/portal-search';
import { twoFactor } from './id/two-factor';
import { notifications } from './id/notifications';
import { operators } from './id/operators';
import { layout } from './id/layout';
import { photoPicker } from './id/photo-picker';
import { service } from './id/service';

export const id = {
  ...core,
  ...content,
  ...mediaMessages,
  ...mediaAdmin,
  ...profile,
  ...review,
  ...project,
  ...portalCatalog,
  ...portal,
  ...portalSearch,
  ...portalMap,
  ...twoFactor,
  ...consoleStrings,
  ...notifications,
  ...identity,
  ...report,
  ...operators,
  ...audit,
  ...layout,
  ...photoPicker,
  ...service,
} as const;

export type MessageKey = keyof typeof id;
