export interface Page {
  page: number;
  perPage: number;
  offset: number;
}

/** ?page=N clamped to a sane range: junk, negatives and huge numbers never reach SQL. */
export function pageOf(raw: unknown, perPage = 25): Page {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  const page = Math.min(Math.max(n, 1), 10_000);
  return { page, perPage, offset: (page - 1) * perPage };
}

export function parseId(raw: unknown): number | null {
  return typeof raw === 'string' && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}
