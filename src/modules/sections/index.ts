import type { ContentType } from '../../db/schema';
import type { SectionDef } from '../content/section';
import { event } from './event';
import { announcement, news, page } from './plain';
import { potential } from './potential';
import { product } from './product';
import { project } from './project';
import { service } from './service';

/**
 * The content type registry: one definition per type (../content/section.ts). A type missing here
 * fails the compiler; everything that lists types (workspace menu, portal paths, village pages,
 * search, sitemap, feeds, API, map, review, report) derives from it.
 */
export const SECTION_OF = { potential, product, project, news, announcement, event, service, page } as const satisfies Record<
  ContentType,
  Pick<SectionDef, 'type' | 'section' | 'label' | 'levels' | 'public'>
>;

/** Every content section of the workspace, in menu order. */
export const SECTIONS: SectionDef[] = Object.values(SECTION_OF) as SectionDef[];

/** The definition of a type. */
export const sectionOf = (type: ContentType): SectionDef => SECTION_OF[type] as SectionDef;
