import fs from 'node:fs';
import path from 'node:path';
import type { Timezone, VillageKind } from '../db/schema';

// Official Kemendagri codes and names from the idn-area-data package, read from its CSV files
// (its JS entry is ESM-only and asks for Node 22; the data is what we need).
const dataDir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');

export interface OfficialDistrict {
  code: string;
  name: string;
  regencyCode: string;
  regencyName: string;
  provinceName: string;
}
export interface OfficialVillage {
  code: string;
  name: string;
  kind: VillageKind;
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function readCsv(file: string): string[][] {
  const text = fs.readFileSync(path.join(dataDir, file), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map(parseCsvLine);
}

let cache:
  | {
      provinces: Map<string, string>;
      regencies: Map<string, { name: string; provinceCode: string }>;
      districts: Map<string, { regencyCode: string; name: string }>;
    }
  | undefined;

function load() {
  if (cache) return cache;
  const provinces = new Map(readCsv('provinces.csv').map(([code, name]) => [code, name]));
  const regencies = new Map(readCsv('regencies.csv').map(([code, provinceCode, name]) => [code, { name, provinceCode }]));
  const districts = new Map(readCsv('districts.csv').map(([code, regencyCode, name]) => [code, { regencyCode, name }]));
  cache = { provinces, regencies, districts };
  return cache;
}

// 83,762 villages, one line each (code,district_code,name), a kecamatan's lines together. One pass
// notes where each kecamatan's lines lie, without splitting the whole file into lines (a fifth of a
// second less for every process that provisions); a kecamatan's lines are parsed when asked for.
let villageText: { text: string; blocks: Map<string, Array<[number, number]>> } | undefined;

function indexVillages(): NonNullable<typeof villageText> {
  const text = fs.readFileSync(path.join(dataDir, 'villages.csv'), 'utf8');
  const blocks = new Map<string, Array<[number, number]>>();
  let district = '';
  let from = 0;
  const close = (to: number) => {
    if (district) blocks.set(district, [...(blocks.get(district) ?? []), [from, to]]);
  };
  // After the header; each turn is the start of a line.
  for (let start = text.indexOf('\n') + 1; start > 0 && start < text.length; start = text.indexOf('\n', start) + 1) {
    const comma = text.indexOf(',', start);
    if (district && text.startsWith(district, comma + 1) && text[comma + 1 + district.length] === ',') continue;
    close(start);
    district = text.slice(comma + 1, text.indexOf(',', comma + 1));
    from = start;
  }
  close(text.length);
  return { text, blocks };
}

function linesOfDistrict(districtCode: string): string[] {
  villageText ??= indexVillages();
  const { text, blocks } = villageText;
  return (blocks.get(districtCode) ?? []).flatMap(([from, to]) => text.slice(from, to).split(/\r?\n/)).filter((l) => l.trim() !== '');
}

export const DISTRICT_CODE = /^\d{2}\.\d{2}\.\d{2}$/;
export const REGENCY_CODE = /^\d{2}\.\d{2}$/;

export function findDistrict(code: string): OfficialDistrict | undefined {
  const data = load();
  const d = data.districts.get(code);
  if (!d) return undefined;
  const regency = data.regencies.get(d.regencyCode);
  if (!regency) return undefined;
  return {
    code,
    name: d.name,
    regencyCode: d.regencyCode,
    regencyName: regency.name,
    provinceName: data.provinces.get(regency.provinceCode) ?? '',
  };
}

export function villagesOf(districtCode: string): OfficialVillage[] {
  return (
    linesOfDistrict(districtCode)
      .map(parseCsvLine)
      .filter(([, district]) => district === districtCode)
      // The fourth part of a village code starts with 1 for a kelurahan and 2 for a desa.
      .map(([code, , name]) => ({ code, name, kind: code.split('.')[3]?.startsWith('1') ? 'kelurahan' : 'desa' }))
  );
}

export function findRegencyName(code: string): string | undefined {
  return load().regencies.get(code)?.name;
}

export function districtCodesOfRegency(regencyCode: string): string[] {
  return [...load().districts.entries()].filter(([, d]) => d.regencyCode === regencyCode).map(([code]) => code);
}

/** Every kecamatan of the official list, in code order (src/regions/search.ts searches them). */
export function allDistricts(): OfficialDistrict[] {
  return [...load().districts.keys()].map((code) => findDistrict(code)!);
}

/** Codes of every kecamatan of a province ("33"), in code order. */
export function districtCodesOfProvince(provinceCode: string): string[] {
  return [...load().districts.keys()].filter((code) => code.slice(0, 2) === provinceCode);
}

export function findProvinceName(code: string): string | undefined {
  return load().provinces.get(code);
}

// Provinces on Central (WITA) and Eastern (WIT) Indonesia time; all others are on WIB.
const WITA = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
export function timezoneOfDistrict(code: string): Timezone {
  const province = code.slice(0, 2);
  if (WITA.has(province)) return 'WITA';
  if (province >= '81') return 'WIT';
  return 'WIB';
}
