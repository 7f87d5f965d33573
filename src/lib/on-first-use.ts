/**
 * A package loaded when it is first needed instead of when the importing module loads: for the
 * heavy ones that only some processes use (a workbook, a MySQL pool, SMTP, a QR code, …). Every test
 * file builds the app in a fresh module registry, and a server starts once per process, so each of
 * them costs its load time everywhere it is imported eagerly. require() caches it after the first call.
 *
 *     const excel = onFirstUse<typeof import('exceljs')>('exceljs');
 *     const book = new (excel().Workbook)();
 */
export function onFirstUse<T>(pkg: string): () => T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading later is the point
  return () => require(pkg) as T;
}
