import { MysqlAdapter, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled';
import { CARD_COLUMNS, COVER_COLUMNS, type Db, dress } from './portal.queries';

// Agenda reads: events around a date, for the home page and /agenda.

/**
 * Published events of the kecamatan joined from their details (event_details first: MySQL/MariaDB
 * STRAIGHT_JOIN; SQLite never reorders a CROSS JOIN), so a read walks the event_details date index
 * from `today` and meets only the events near it, however many the kecamatan has held.
 */
function eventCards(db: Db, districtId: number) {
  return db
    .selectFrom('event_details as ed')
    .$if(db.getExecutor().adapter instanceof MysqlAdapter, (q) => q.modifyFront(sql.raw('straight_join')))
    .crossJoin('content_items as ci')
    .whereRef('ci.id', '=', 'ed.item_id')
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .where('ci.district_id', '=', districtId)
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .where('ci.type', '=', 'event')
    .select(CARD_COLUMNS)
    .select(['ed.starts_on', 'ed.ends_on', 'ed.start_time', 'ed.place'])
    .leftJoin('media as cm', (j) => j.onRef('cm.id', '=', 'ci.cover_media_id').on('cm.deleted_at', 'is', null))
    .select(COVER_COLUMNS);
}

/**
 * Events from `today` on (soonest first) or before it (latest first); ties newest item first.
 * Upcoming ones are those starting from today (a range of event_details_starts_idx, first `limit`)
 * and those that started earlier but still run (a range of event_details_ends_idx): two reads, merged.
 * Past ones walk the start date index down from today.
 */
export async function events(db: Db, districtId: number, today: string, when: 'upcoming' | 'past', limit: number, offset = 0) {
  if (when === 'past') return dress(await eventRows(db, { district: districtId, today, limit, offset }, 'past'));
  const [starting, ending] = await Promise.all([
    eventRows(db, { district: districtId, today, limit: limit + offset, offset: 0 }, 'starting'),
    eventRows(db, { district: districtId, today, limit: 0, offset: 0 }, 'ending'),
  ]);
  const running = ending.filter((e) => e.starts_on < today);
  const rows = [...running, ...starting].sort((a, b) => (a.starts_on < b.starts_on ? -1 : a.starts_on > b.starts_on ? 1 : b.id - a.id)).slice(offset, offset + limit);
  return dress(rows);
}

type EventValues = { district: number; today: string; limit: number; offset: number };

const eventRows = compiledQuery((d, v: EventValues, shape) => {
  const q = eventCards(d, v.district);
  if (shape === 'past') {
    return q
      .where('ed.starts_on', '<', v.today)
      .where((eb) => eb.or([eb('ed.ends_on', 'is', null), eb('ed.ends_on', '<', v.today)]))
      .orderBy('ed.starts_on', 'desc')
      .orderBy('ed.item_id', 'desc')
      .limit(v.limit)
      .offset(v.offset);
  }
  if (shape === 'starting') return q.where('ed.starts_on', '>=', v.today).orderBy('ed.starts_on', 'asc').orderBy('ed.item_id', 'desc').limit(v.limit);
  // Only ends_on in the WHERE (and no ORDER BY), so that both planners take the ends_on range and
  // not a walk of every earlier start; the rows are the events ending from today on, few.
  return q.where('ed.ends_on', '>=', v.today);
});
