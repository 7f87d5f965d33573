import SQLite from 'better-sqlite3';
import { withStatementCache } from '../../src/db/create-db';

describe('withStatementCache (SQLite)', () => {
  const conn = new SQLite(':memory:');
  afterAll(() => conn.close());

  test('the same SQL reuses one prepared statement, with fresh parameters each time', () => {
    const db = withStatementCache(conn, 3);
    db.prepare('create table t (id integer primary key, v text)').run([]);
    const insert = db.prepare('insert into t (v) values (?)');
    expect(db.prepare('insert into t (v) values (?)')).toBe(insert);
    insert.run(['a']);
    insert.run(['b']);
    expect(db.prepare('select v from t where id = ?').all([2])).toEqual([{ v: 'b' }]);
    expect(db.prepare('select v from t where id = ?').all([1])).toEqual([{ v: 'a' }]);
  });

  test('holds at most `max` statements, dropping the oldest', () => {
    const db = withStatementCache(conn, 2);
    const first = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 3');
    expect(db.prepare('select 1')).not.toBe(first);
  });

  test('a cached statement sees a column added after it was prepared', () => {
    const db = withStatementCache(conn, 10);
    db.prepare('create table u (id integer primary key)').run([]);
    const star = db.prepare('select * from u');
    db.prepare('insert into u (id) values (?)').run([1]);
    db.prepare('alter table u add column note text').run([]);
    expect(db.prepare('select * from u')).toBe(star);
    expect(star.all([])).toEqual([{ id: 1, note: null }]);
  });
});
