// Every action the audit log can record reads as Indonesian: recordAudit accepts only the codes
// of AUDIT_ACTIONS (a type error otherwise), and each of them must have its label here.
import { AUDIT_ACTIONS, actionLabelKey, isAuditAction } from '../../src/audit/actions';
import { id } from '../../src/i18n/id';
import { t } from '../../src/i18n';

describe('audit action labels', () => {
  test.each(AUDIT_ACTIONS.map((a) => [a]))('%s has an Indonesian label', (action) => {
    const key = actionLabelKey(action);
    expect(t(key)).not.toBe(key);
    expect(t(key).trim()).not.toBe('');
  });

  test('no label is left for an action that is no longer recorded', () => {
    const labelled = Object.keys(id)
      .filter((k) => k.startsWith('audit.action.'))
      .map((k) => k.slice('audit.action.'.length));
    expect(labelled.sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  test('only listed codes count as actions (the filter refuses the rest)', () => {
    expect(isAuditAction('login.failed')).toBe(true);
    expect(isAuditAction('content.hacked')).toBe(false);
    expect(isAuditAction('toString')).toBe(false);
  });
});
