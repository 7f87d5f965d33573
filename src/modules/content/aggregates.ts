import { type Kysely, MysqlAdapter, type RawBuilder, type Transaction, sql } from 'kysely';
import type { ContentType, Database, DbDate, ProjectTotalTable, PublishedCountTable } from '../../db/schema';
import { noteTitleWords } from './vocabulary';

// The portal's aggregates (published_counts, project_totals; their meaning is in migration
// 2026_12_02_0001) kept exact: every change of an item's visibility or counted fields runs inside a
// transaction through keepingAggregates (or applyDelta), which moves the item's contribution from
// what it was to what it became.

type Db = Kysely<Database> | Transaction<Database>;

/** What the aggregates count of an item; null when the public does not see it (unpublished or in the trash). */
export interface Counted {
  districtId: number;
  villageKey: number;
  type: ContentType;
  category: string;
  publishedAt: DbDate;
  /** A project's year, status and lines: ['', its total budget], then [source, amount] per funded source. */
  project: { year: number; status: string; lines: [string, number][] } | null;
}

const isMysql = (db: Db) => db.getExecutor().adapter instanceof MysqlAdapter;

export async function countedState(db: Db, itemId: number): Promise<Counted | null> {
  const row = await db
    .selectFrom('content_items as ci')
    .leftJoin('potential_details as pt', 'pt.item_id', 'ci.id')
    .leftJoin('project_details as pd', 'pd.item_id', 'ci.id')
    .select(['ci.district_id', 'ci.village_id', 'ci.type', 'ci.status', 'ci.deleted_at', 'ci.published_at', 'pt.category', 'pd.fiscal_year', 'pd.project_status'])
    .where('ci.id', '=', itemId)
    // MySQL: a locking read, so two concurrent changes of one item cannot both count from the same state.
    .$if(isMysql(db), (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row || row.status !== 'published' || row.deleted_at !== null || row.published_at === null) return null;
  let project: Counted['project'] = null;
  if (row.type === 'project' && row.fiscal_year !== null && row.project_status !== null) {
    const budgets = await db.selectFrom('project_budgets').select(['source', 'amount']).where('item_id', '=', itemId).where('amount', '>', 0).orderBy('source').execute();
    const lines = budgets.map((b): [string, number] => [b.source, Number(b.amount)]);
    project = { year: Number(row.fiscal_year), status: row.project_status, lines: [['', lines.reduce((n, [, a]) => n + a, 0)], ...lines] };
  }
  return {
    districtId: row.district_id,
    villageKey: row.village_id ?? 0,
    type: row.type,
    category: row.category ?? '',
    publishedAt: String(row.published_at),
    project,
  };
}

/** Runs `change` inside the transaction and moves the item's counts from what it was to what it became. */
export async function keepingAggregates<T>(trx: Db, itemId: number, change: () => Promise<T>): Promise<T> {
  const before = await countedState(trx, itemId);
  const out = await change();
  const after = await countedState(trx, itemId);
  await applyDelta(trx, before, after);
  if (after) await noteWordsOfItem(trx, itemId);
  return out;
}

/** The search's vocabulary learns the title of an item the public sees (src/modules/content/vocabulary.ts). */
export async function noteWordsOfItem(trx: Db, itemId: number): Promise<void> {
  const row = await trx.selectFrom('content_items').select(['district_id', 'title']).where('id', '=', itemId).executeTakeFirst();
  if (row) await noteTitleWords(trx, row.district_id, row.title);
}

type CountRow = PublishedCountTable;
type TotalRow = ProjectTotalTable;

/** Adds `after` to the aggregates and takes `before` out of them (either may be null: not public). */
export async function applyDelta(db: Db, before: Counted | null, after: Counted | null): Promise<void> {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const counts = new Map<string, CountRow>();
  const totals = new Map<string, TotalRow>();
  for (const [s, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!s) continue;
    for (const [type, category] of [
      [s.type, s.category],
      ['', ''],
    ] as const) {
      const key = `${s.villageKey}|${type}|${category}`;
      const row = counts.get(key) ?? { district_id: s.districtId, village_key: s.villageKey, type, category, items: 0, last_published_at: null };
      row.items += sign;
      if (sign > 0 && type === '') row.last_published_at = s.publishedAt;
      counts.set(key, row);
    }
    const p = s.project;
    for (const [filter_source] of p?.lines ?? []) {
      for (const [source, amount] of p!.lines) {
        const key = `${filter_source}|${s.villageKey}|${p!.year}|${p!.status}|${source}`;
        const row = totals.get(key) ?? { district_id: s.districtId, filter_source, village_key: s.villageKey, fiscal_year: p!.year, project_status: p!.status, source, projects: 0, amount: 0 };
        row.projects += sign;
        row.amount += sign * amount;
        totals.set(key, row);
      }
    }
  }
  const countRows = [...counts.values()].filter((r) => r.items !== 0 || r.last_published_at !== null);
  const totalRows = [...totals.values()].filter((r) => r.projects !== 0 || r.amount !== 0);
  if (countRows.length) {
    const q = db.insertInto('published_counts').values(countRows);
    const set = {
      items: sql<number>`items + ${incoming(db, 'items')}`,
      last_published_at: sql<string>`CASE WHEN last_published_at IS NULL OR ${incoming(db, 'last_published_at')} > last_published_at THEN ${incoming(db, 'last_published_at')} ELSE last_published_at END`,
    };
    await (isMysql(db) ? q.onDuplicateKeyUpdate(set) : q.onConflict((oc) => oc.columns(['district_id', 'village_key', 'type', 'category']).doUpdateSet(set))).execute();
  }
  if (totalRows.length) {
    const q = db.insertInto('project_totals').values(totalRows);
    const set = { projects: sql<number>`projects + ${incoming(db, 'projects')}`, amount: sql<number>`amount + ${incoming(db, 'amount')}` };
    const key = ['district_id', 'filter_source', 'village_key', 'fiscal_year', 'project_status', 'source'] as const;
    await (isMysql(db) ? q.onDuplicateKeyUpdate(set) : q.onConflict((oc) => oc.columns(key).doUpdateSet(set))).execute();
  }
  if (!before) return;
  // Rows that count nothing any more go, so the aggregates hold exactly what a recount would.
  await db.deleteFrom('published_counts').where('district_id', '=', before.districtId).where('village_key', '=', before.villageKey).where('items', '<=', 0).execute();
  if (before.project) {
    await db
      .deleteFrom('project_totals')
      .where('district_id', '=', before.districtId)
      .where('village_key', '=', before.villageKey)
      .where('fiscal_year', '=', before.project.year)
      .where('projects', '<=', 0)
      .execute();
  }
  const lastKept = after && after.villageKey === before.villageKey && after.publishedAt >= before.publishedAt;
  if (!lastKept) await refreshLast(db, before);
}

/** The value a row being upserted brings for `column`: MySQL's VALUES(column), SQLite's excluded.column. */
function incoming(db: Db, column: string): RawBuilder<unknown> {
  return isMysql(db) ? sql`VALUES(${sql.ref(column)})` : sql`${sql.ref(`excluded.${column}`)}`;
}

/**
 * The village's latest publication after `gone` left it: one seek in content_items_public_last_idx.
 * Only a latest that `gone` may have been is replaced, so a newer one published meanwhile stays.
 */
async function refreshLast(db: Db, gone: Counted): Promise<void> {
  const latest = await db
    .selectFrom('content_items')
    .select('published_at')
    .where('district_id', '=', gone.districtId)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .$if(gone.villageKey === 0, (q) => q.where('village_id', 'is', null))
    .$if(gone.villageKey !== 0, (q) => q.where('village_id', '=', gone.villageKey))
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  await db
    .updateTable('published_counts')
    .set({ last_published_at: sql<string>`CASE WHEN last_published_at <= ${gone.publishedAt} THEN ${latest?.published_at ?? null} ELSE last_published_at END` })
    .where('district_id', '=', gone.districtId)
    .where('village_key', '=', gone.villageKey)
    .where('type', '=', '')
    .where('category', '=', '')
    .execute();
}
