import { rulesToAST } from '@casl/ability/extra';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { UntypedTables } from '../db/untyped';
import type { Action, AppAbility, SubjectName } from './ability';

interface Node {
  operator: string;
  field?: string;
  value: unknown;
}

const COMPARE: Record<string, '=' | '<>' | '<' | '<=' | '>' | '>='> = {
  eq: '=',
  ne: '<>',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

/**
 * Turns the CASL rules for (action, subject) into a Kysely WHERE, qualified by `table`.
 * No rule → matches nothing; an unconditional rule → matches everything.
 */
export function accessibleBy(ability: AppAbility, action: Action, subject: SubjectName, table: string) {
  const ast = rulesToAST(ability, action, subject) as Node | null;
  return (eb: ExpressionBuilder<UntypedTables, string>): Expression<SqlBool> => {
    if (!ast) return sql<SqlBool>`1 = 0`;
    return toSql(eb, ast, table);
  };
}

function toSql(eb: ExpressionBuilder<UntypedTables, string>, node: Node, table: string): Expression<SqlBool> {
  const children = () => (node.value as Node[]).map((n) => toSql(eb, n, table));
  switch (node.operator) {
    case 'and':
      return (node.value as Node[]).length === 0 ? sql<SqlBool>`1 = 1` : eb.and(children());
    case 'or':
      return (node.value as Node[]).length === 0 ? sql<SqlBool>`1 = 0` : eb.or(children());
    case 'not':
      return eb.not(eb.and(children()));
  }
  if (!node.field || !/^[a-z_]+$/.test(node.field)) throw new Error(`unsupported CASL field ${node.field}`);
  const column = eb.ref(`${table}.${node.field}`);
  const value = node.value;
  if (node.operator === 'eq' && value === null) return eb(column, 'is', null);
  if (node.operator === 'ne' && value === null) return eb(column, 'is not', null);
  if (node.operator === 'in' || node.operator === 'nin') {
    const list = value as unknown[];
    if (list.length === 0) return node.operator === 'in' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
    return eb(column, node.operator === 'in' ? 'in' : 'not in', list);
  }
  const op = COMPARE[node.operator];
  if (!op) throw new Error(`unsupported CASL operator ${node.operator}`);
  // SQL's NULL <> x is unknown; CASL's ne matches missing values, so keep NULLs in.
  if (op === '<>') return eb.or([eb(column, '<>', value), eb(column, 'is', null)]);
  return eb(column, op, value);
}
