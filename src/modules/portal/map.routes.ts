import { Router } from 'express';
import { t } from '../../i18n';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { baseUrl, itemPath, villagePath } from './paths';
import { publishedItems } from './published';

// /peta: villages, potensi and projects that have coordinates, as a plain list (no JavaScript
// needed) and as GeoJSON for the progressive map (public/js/map.js with Leaflet, served from
// node_modules, mounted with the other assets in src/http/assets.ts). Only published items, through publishedItems.

const LIMIT = 2000; // per kind: the newest; a map of more points is unreadable anyway

export interface MapPoint {
  kind: 'village' | 'potential' | 'project';
  name: string;
  url: string;
  lat: number;
  lng: number;
  detail: string;
}

export async function mapPoints(db: Kysely<Database>, districtId: number): Promise<MapPoint[]> {
  const villages = await db
    .selectFrom('villages as v')
    .innerJoin('village_profiles as vp', 'vp.village_id', 'v.id')
    .select(['v.name', 'v.slug', 'v.kind', 'vp.lat', 'vp.lng'])
    .where('v.district_id', '=', districtId)
    .where('vp.lat', 'is not', null)
    .where('vp.lng', 'is not', null)
    .orderBy('v.name')
    .execute();
  const potentials = await publishedItems(db, districtId, 'potential')
    .innerJoin('potential_details as d', 'd.item_id', 'ci.id')
    .select(['ci.title', 'ci.slug', 'd.lat', 'd.lng', 'd.category as detail'])
    .where('d.lat', 'is not', null)
    .where('d.lng', 'is not', null)
    .orderBy('ci.published_at', 'desc')
    .limit(LIMIT)
    .execute();
  const projects = await publishedItems(db, districtId, 'project')
    .innerJoin('project_details as d', 'd.item_id', 'ci.id')
    .select(['ci.title', 'ci.slug', 'd.lat', 'd.lng', 'd.progress as detail'])
    .where('d.lat', 'is not', null)
    .where('d.lng', 'is not', null)
    .orderBy('ci.published_at', 'desc')
    .limit(LIMIT)
    .execute();
  return [
    ...villages.map((v) => ({
      kind: 'village' as const,
      name: `${v.kind === 'kelurahan' ? 'Kelurahan' : 'Desa'} ${v.name}`,
      url: villagePath(v.slug),
      lat: Number(v.lat),
      lng: Number(v.lng),
      detail: '',
    })),
    ...potentials.map((p) => ({ kind: 'potential' as const, name: p.title, url: itemPath('potential', p.slug), lat: Number(p.lat), lng: Number(p.lng), detail: String(p.detail) })),
    ...projects.map((p) => ({ kind: 'project' as const, name: p.title, url: itemPath('project', p.slug), lat: Number(p.lat), lng: Number(p.lng), detail: `${Number(p.detail)}%` })),
  ];
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
    const group = (k: MapPoint['kind']) => points.filter((p) => p.kind === k);
    res.render('site/map', { title: t('map.title'), tiles, villages: group('village'), potentials: group('potential'), projects: group('project') });
  });

  router.get('/peta.geojson', async (req, res) => {
    const base = baseUrl(req);
    const features = (await mapPoints(db, req.district!.id)).map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
      properties: { kind: p.kind, name: p.name, url: base + p.url, detail: p.detail },
    }));
    res.type('application/geo+json').send(JSON.stringify({ type: 'FeatureCollection', features }));
  });

  return router;
}
