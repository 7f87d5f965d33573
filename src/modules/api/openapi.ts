import { z } from 'zod';
import { API_SECTIONS } from './api.queries';

// The OpenAPI 3.1 description of /api/v1. What each content type adds to Item is generated from
// its definition's api.fields (../sections/index.ts); the common parts are written here.

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const nnum = { type: ['number', 'null'] } as const;
const nint = { type: ['integer', 'null'] } as const;

const villageRef = {
  type: ['object', 'null'],
  properties: { name: str, slug: str, url: { type: 'string', format: 'uri' } },
};

const item = {
  type: 'object',
  required: ['id', 'type', 'title', 'slug', 'summary', 'url', 'village', 'published_at'],
  properties: {
    id: int,
    type: { type: 'string', enum: API_SECTIONS.map((d) => d.type) },
    title: str,
    slug: str,
    summary: str,
    url: { type: 'string', format: 'uri', description: 'The public page of the item' },
    village: { ...villageRef, description: 'null for kecamatan-level items' },
    published_at: { type: ['string', 'null'], format: 'date-time' },
    updated_at: { type: ['string', 'null'], format: 'date-time' },
  },
};

/** A type's schema: Item, plus the fields it adds (zod → JSON Schema 2020-12, the dialect of OpenAPI 3.1). */
function typeSchema(fields: z.ZodObject | null) {
  if (!fields) return { $ref: '#/components/schemas/Item' };
  const { $schema: _dialect, ...own } = z.toJSONSchema(fields, { io: 'output' });
  return { allOf: [{ $ref: '#/components/schemas/Item' }, own] };
}

const schemas = {
  Item: item,
  ...Object.fromEntries(API_SECTIONS.map((d) => [d.public.api!.schemaName, typeSchema(d.public.api!.fields)])),
  Village: {
    type: 'object',
    required: ['id', 'code', 'name', 'slug', 'kind', 'url'],
    properties: {
      id: int,
      code: { type: 'string', description: 'Kemendagri code, e.g. 33.04.02.2001' },
      name: str,
      slug: str,
      kind: { type: 'string', enum: ['desa', 'kelurahan'] },
      url: { type: 'string', format: 'uri' },
      head_name: nstr,
      population: nint,
      households: nint,
      population_as_of: { type: ['string', 'null'], format: 'date' },
      area_ha: nnum,
      lat: nnum,
      lng: nnum,
    },
  },
  Meta: {
    type: 'object',
    properties: { page: int, per_page: int, total: int, total_pages: int },
  },
  Links: { type: 'object', properties: { self: str, next: nstr, prev: nstr } },
  Error: { type: 'object', properties: { error: { type: 'object', properties: { code: str, message: str, param: str } } } },
};

const pageParams = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1 } },
  { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
];

function listPath(summary: string, schema: string) {
  return {
    get: {
      summary,
      parameters: pageParams,
      responses: {
        '200': {
          description: 'One page, newest first',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { data: { type: 'array', items: { $ref: `#/components/schemas/${schema}` } }, meta: { $ref: '#/components/schemas/Meta' }, links: { $ref: '#/components/schemas/Links' } },
              },
            },
          },
        },
        '400': { description: 'A bad parameter', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  };
}

export function openApiDocument(serverUrl: string, districtName: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: `Pendopo API — Kecamatan ${districtName}`,
      version: '1.0.0',
      description: 'Read-only open data of the kecamatan portal: only published content. Paginated with ?page and ?per_page (at most 100).',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    paths: {
      '/villages': listPath('Desa and kelurahan of the kecamatan, by name', 'Village'),
      ...Object.fromEntries(API_SECTIONS.map((d) => [`/${d.public.api!.list}`, listPath(d.public.api!.summary, d.public.api!.schemaName)])),
    },
    components: { schemas },
  };
}
