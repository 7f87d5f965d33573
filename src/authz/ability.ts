import { AbilityBuilder, type MongoAbility, createMongoAbility } from '@casl/ability';
import type { Role } from '../db/schema';

// Every role's rules live here and nowhere else. Conditions use column names, so the same
// rules guard single records (ability.can) and scope queries (accessibleBy → SQL WHERE).
export type Action = 'manage' | 'read' | 'create' | 'update' | 'delete' | 'disable' | 'publish' | 'review' | 'restore' | 'purge';
export type SubjectName = 'Workspace' | 'District' | 'Village' | 'User' | 'AuditEntry' | 'Content' | 'Media' | 'Report' | 'Reminder' | 'all';
export type AppAbility = MongoAbility<[Action, SubjectName | Record<string, unknown>]>;

export interface Actor {
  id: number;
  role: Role;
  district_id: number | null;
  village_id: number | null;
  /** The operator's village publishes only through the camat office's review. */
  village_review_required?: number | boolean;
}

/** Reads only the actor's role, district_id, village_id and village_review_required: src/authz/request-ability.ts keeps abilities by them. */
export function defineAbilityFor(actor: Actor | null | undefined): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!actor) return build();

  switch (actor.role) {
    case 'superadmin':
      can('manage', 'all');
      break;

    case 'district_admin': {
      const district_id = actor.district_id ?? -1;
      can('read', 'Workspace');
      can(['read', 'update'], 'District', { id: district_id });
      can(['read', 'update'], 'Village', { district_id });
      can('manage', 'User', { district_id });
      cannot('manage', 'User', { role: 'superadmin' });
      can('read', 'AuditEntry', { district_id });
      // The monthly report of its own kecamatan (src/modules/report); operators have none.
      can('read', 'Report', { district_id });
      // "Ingatkan lewat WhatsApp" from the dashboard, to any village of the kecamatan.
      can(['read', 'create'], 'Reminder', { district_id });
      // Kecamatan-level and every village's content, the review queue, and the trash.
      can(['read', 'create', 'update', 'delete', 'restore', 'publish', 'review', 'purge'], 'Content', { district_id });
      can(['read', 'create', 'update', 'delete'], 'Media', { district_id });
      break;
    }

    case 'village_operator': {
      const village_id = actor.village_id ?? -1;
      can('read', 'Workspace');
      can('read', 'District', { id: actor.district_id ?? -1 });
      can(['read', 'update'], 'Village', { id: village_id });
      // Only their own village's items; kecamatan-level items (village_id null) never match.
      can(['read', 'create', 'update', 'delete', 'restore'], 'Content', { village_id });
      // An item the camat office returned goes live only through review, whatever the village's mode.
      if (!actor.village_review_required) can('publish', 'Content', { village_id, returned_at: null });
      can(['read', 'create', 'update', 'delete'], 'Media', { village_id });
      break;
    }
  }
  return build();
}
