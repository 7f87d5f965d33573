import { formatMoney, type MessageKey, t } from '../../i18n';
import type { Snapshot } from '../content/snapshot';
import { type DiffLine, lineDiff } from './diff';

const TOP = new Set(['title', 'summary', 'body_source', 'cover_media_id', 'cover_alt', 'media_ids']);
const PHOTO_KEYS = new Set(['cover_media_id', 'media_ids']);

export interface FieldView {
  key: string;
  label: string;
  /** Text of the value as it would read, never HTML: the view escapes it. */
  value: string;
  /** Photo ids, for the thumbnails of cover_media_id and media_ids. */
  photos: number[];
}

export interface ChangeView {
  key: string;
  label: string;
  before: FieldView;
  after: FieldView;
  /** Line diff of the body source. */
  lines: DiffLine[] | null;
}

export function fieldLabel(key: string): string {
  const k = `review.field.${key}` as MessageKey;
  const label = t(k);
  return label === k ? key : label;
}

function raw(snap: Snapshot, key: string): unknown {
  return TOP.has(key) ? (snap as unknown as Record<string, unknown>)[key] : snap.details?.[key];
}

function text(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('review.empty.value');
  if (key === 'price' && typeof v === 'number') return formatMoney(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.length ? v.map((id) => `#${id}`).join(', ') : t('review.empty.value');
  if (typeof v === 'object') return JSON.stringify(v);
  if (key === 'cover_media_id') return `#${String(v)}`;
  return choiceLabel(key, String(v));
}

// Stored choices (makanan, pesan_dulu) read as their labels where the workspace has one.
function choiceLabel(key: string, v: string): string {
  const candidates = key === 'category' ? [`productCategory.${v}`, `potentialCategory.${v}`] : key === 'availability' ? [`availability.${v}`] : [];
  for (const k of candidates) if (t(k as MessageKey) !== k) return t(k as MessageKey);
  return v;
}

export function fieldOf(snap: Snapshot, key: string): FieldView {
  const v = raw(snap, key);
  const photos = PHOTO_KEYS.has(key) ? ([] as unknown[]).concat(v ?? []).filter((x): x is number => typeof x === 'number') : [];
  return { key, label: fieldLabel(key), value: text(key, v), photos };
}

/** The changed fields of a pending edit, live against proposed, in the order changedFields gives. */
export function changesOf(live: Snapshot, next: Snapshot, keys: string[]): ChangeView[] {
  return keys.map((key) => ({
    key,
    label: fieldLabel(key),
    before: fieldOf(live, key),
    after: fieldOf(next, key),
    lines: key === 'body_source' ? lineDiff(live.body_source ?? '', next.body_source ?? '') : null,
  }));
}

/** The type-specific fields of a new submission, for the reviewer's table. */
export function detailsOf(snap: Snapshot): FieldView[] {
  return Object.keys(snap.details ?? {}).map((key) => fieldOf(snap, key));
}

/** Every photo id two snapshots point at, to load their thumbnails in one query. */
export function photoIds(...snaps: Snapshot[]): number[] {
  const ids = new Set<number>();
  for (const s of snaps) {
    if (s.cover_media_id) ids.add(s.cover_media_id);
    for (const id of s.media_ids ?? []) ids.add(id);
  }
  return [...ids];
}
