import type { ContentItem } from '../../db/schema';
import type { Snapshot } from './snapshot';

// What a save of an item can fail with besides the domain errors (../../domain/errors.ts); the
// content routes turn each into its page: conflict, form with the field's message, or a retry.

/** The item changed since the form was opened: both versions are shown, nothing typed is lost. */
export class ConflictError extends Error {
  constructor(
    readonly current: ContentItem,
    readonly currentSnapshot: Snapshot,
  ) {
    super('version conflict');
  }
}

export class ContentInputError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: 'content.villageInvalid' | 'content.mediaInvalid',
  ) {
    super(messageKey);
  }
}

/** A save that kept losing its slug (or a deadlock) to saves running at the same moment. */
export class SaveRaceError extends Error {
  constructor() {
    super('save lost to concurrent saves');
  }
}
