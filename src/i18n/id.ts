// Every user-facing string of Pendopo, in Bahasa Indonesia, one file per area under id/.
// An English locale follows this shape.
import { mediaMessages } from '../media/messages';
import { core } from './id/core';
import { mediaAdmin } from './id/media-admin';

export const id = { ...core, ...mediaMessages, ...mediaAdmin } as const;

export type MessageKey = keyof typeof id;
