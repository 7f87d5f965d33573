import { type Actor, type AppAbility, defineAbilityFor } from './ability';

/** The part of a request the ability is built from and stored on (structural: authz knows no Express). */
interface AbilityHolder {
  user?: Actor;
  ability: AppAbility;
}

const KEPT = 1_000;
const kept = new Map<string, AppAbility>();
const anonymous = defineAbilityFor(null);

/**
 * The ability of an actor, kept by everything the rules read (role, kecamatan, village, review mode)
 * and nothing else: the user row is read afresh on every request, so a change of role, village or
 * review mode gives another key at once. Abilities are never changed after they are built.
 */
export function abilityOf(actor: Actor | null | undefined): AppAbility {
  if (!actor) return anonymous;
  const key = `${actor.role} ${actor.district_id} ${actor.village_id} ${actor.village_review_required ? 1 : 0}`;
  let ability = kept.get(key);
  if (!ability) {
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value as string);
    ability = defineAbilityFor(actor);
    kept.set(key, ability);
  }
  return ability;
}

/** The caller's ability, right after authentication (`req.ability`). */
export function attachAbility(req: AbilityHolder, _res: unknown, next: () => void): void {
  req.ability = abilityOf(req.user);
  next();
}
