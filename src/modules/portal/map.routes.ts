import { Router } from 'express';
import { sql, type Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import type { PointColumns } from '../content/section';
import { type MessageKey, t } from '../../i18n';
import { SECTIONS } from '../sections';
import { baseUrl, itemPath, villagePath } from './paths';
import { publishedItems } from './published';

// /peta: villages, then every type of the registry with a map part (src/modules/content/section.ts)
// whose published items have coordinates, as a plain list (no JavaScript needed) and as GeoJSON for
// the progressive map (public/js/map.js with Leaflet, served from node_modules, mounted with the
// other assets in src/http/assets.ts). Only published items, through publishedItems.

const LIMIT = 2000; // per kind: the newest; a map of more points is unreadable anyway

/** Villages (not a content type) and the content types on the map. */
export type MapKind = 'village' | ContentType;

export interface MapPoint {
  kind: MapKind;
  colour: string;
  name: string;
  url: string;
  lat: number;
  lng: number;
  detail: string;
}

const VILLAGE_COLOUR = '#1d4ed8';

/** What /peta lists, in order: villages first, then the types of the registry that have a map part. */
const KINDS: { kind: MapKind; title: MessageKey; colour: string }[] = [
  { kind: 'village', title: 'map.villages', colour: VILLAGE_COLOUR },
  ...SECTIONS.flatMap((d) => (d.public.map ? [{ kind: d.type, title: d.public.map.title, colour: d.public.map.colour }] : [])),
];

async function villagePoints(db: Kysely<Database>, districtId: number): Promise<MapPoint[]> {
  const villages = await db
    .selectFrom('villages as v')
    .innerJoin('village_profiles as vp', 'vp.village_id', 'v.id')
    .select(['v.name', 'v.slug', 'v.kind', 'vp.lat', 'vp.lng'])
    .where('v.district_id', '=', districtId)
    .where('vp.lat', 'is not', null)
    .where('vp.lng', 'is not', null)
    .orderBy('v.name')
    .execute();
  return villages.map((v) => ({
    kind: 'village',
    colour: VILLAGE_COLOUR,
    name: `${v.kind === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${v.name}`,
    url: villagePath(v.slug),
    lat: Number(v.lat),
    lng: Number(v.lng),
    detail: '',
  }));
}

export async function mapPoints(db: Kysely<Database>, districtId: number): Promise<MapPoint[]> {
  const points = await villagePoints(db, districtId);
  for (const def of SECTIONS) {
    const map = def.public.map;
    if (!map) continue;
    const rows = await publishedItems(db, districtId, def.type)
      // Kysely cannot type a join on a union of tables; every map table has these columns (MapDef).
      .innerJoin(sql<PointColumns>`${sql.table(map.table)}`.as('d'), 'd.item_id', 'ci.id')
      .select(['ci.title', 'ci.slug', 'd.lat', 'd.lng', sql.ref(`d.${map.detail.column}`).as('detail')])
      .where('d.lat', 'is not', null)
      .where('d.lng', 'is not', null)
      .orderBy('ci.published_at', 'desc')
      .limit(LIMIT)
      .execute();
    for (const r of rows)
      points.push({ kind: def.type, colour: map.colour, name: r.title, url: itemPath(def.type, r.slug), lat: Number(r.lat), lng: Number(r.lng), detail: map.detail.text(r.detail) });
  }
  return points;
}

/** The base map: MAP_TILE_URL and MAP_TILE_ATTRIBUTION (src/config.ts). */
export interface MapTiles {
  url: string;
  attribution: string;
}

export function mapRoutes(db: Kysely<Database>, tiles: MapTiles): Router {
  const router = Router();

  router.get('/peta', async (req, res) => {
    const points = await mapPoints(db, req.district!.id);
    // One list and one legend entry per kind, its swatch in the kind's colour.
    const sections = KINDS.map(({ kind, title, colour }) => ({ heading: t(title), colour, points: points.filter((p) => p.kind === kind) }));
    res.render('site/map', { title: t('map.title'), tiles, sections });
  });

  router.get('/peta.geojson', async (req, res) => {
    const base = baseUrl(req);
    const features = (await mapPoints(db, req.district!.id)).map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
      // marker-color: the simplestyle name, which public/js/map.js and other GeoJSON viewers colour by.
      properties: { kind: p.kind, name: p.name, url: base + p.url, detail: p.detail, 'marker-color': p.colour },
    }));
    res.type('application/geo+json').send(JSON.stringify({ type: 'FeatureCollection', features }));
  });

  return router;
}
