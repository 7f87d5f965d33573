/** An expected failure of backup or restore: the CLI prints its message (no stack) and exits 2. */
export class BackupError extends Error {}

/** The restore target holds data; nothing was changed. */
export class RestoreRefused extends BackupError {}
