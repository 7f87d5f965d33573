// Every user-facing string of Pendopo, in Bahasa Indonesia, one file per area under id/.
// An English locale follows this shape.
import { mediaMessages } from '../media/messages';
import { content } from './id/content';
import { core } from './id/core';
import { mediaAdmin } from './id/media-admin';

export const id = { ...core, ...content, ...mediaMessages, ...mediaAdmin } as const;

export type MessageKey = keyof typeof id;
