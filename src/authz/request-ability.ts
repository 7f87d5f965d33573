import { type Actor, type AppAbility, defineAbilityFor } from './ability';

/** The part of a request the ability is built from and stored on (structural: authz knows no Express). */
interface AbilityHolder {
  user?: Actor;
  ability: AppAbility;
}

/** The caller's ability, built once per request right after authentication (`req.ability`). */
export function attachAbility(req: AbilityHolder, _res: unknown, next: () => void): void {
  req.ability = defineAbilityFor(req.user);
  next();
}
