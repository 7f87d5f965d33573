import { subject as tag } from '@casl/ability';
import { ForbiddenError } from '../domain/errors';
import type { Action, AppAbility, SubjectName } from './ability';

/** 403 unless the ability allows the action on this record (or subject type). */
export function authorize(ability: AppAbility, action: Action, subject: Exclude<SubjectName, 'all'>, record?: Record<string, unknown>): void {
  const ok = record ? ability.can(action, tag(subject, { ...record })) : ability.can(action, subject);
  if (!ok) throw new ForbiddenError();
}

export function can(ability: AppAbility, action: Action, subject: Exclude<SubjectName, 'all'>, record?: Record<string, unknown>): boolean {
  return record ? ability.can(action, tag(subject, { ...record })) : ability.can(action, subject);
}
