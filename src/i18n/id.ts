// Every user-facing string of Pendopo, in Bahasa Indonesia, one file per area under id/.
// An English locale follows this shape.
import { mediaMessages } from '../media/messages';
import { core } from './id/core';

export const id = { ...core, ...mediaMessages } as const;

export type MessageKey = keyof typeof id;
