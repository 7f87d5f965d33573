import type { SectionDef } from '../content/section';
import { event } from './event';
import { announcement, news, page } from './plain';
import { potential } from './potential';
import { product } from './product';
import { project } from './project';

/** Every content section of the workspace, in menu order. */
export const SECTIONS: SectionDef[] = [potential, product, project, news, announcement, event, page] as SectionDef[];
