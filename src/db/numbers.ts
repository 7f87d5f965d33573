/**
 * A numeric column as a number, or null: MySQL/MariaDB return DECIMAL and BIGINT as strings,
 * SQLite numbers; both come back as numbers here.
 */
export const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
