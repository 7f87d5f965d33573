import type { Response } from 'express';

// A publish bumps content_version, so every anonymous reader of a page misses at the same moment
// (docs/render-path.md). The first miss of a key renders; the others wait for the page it stores
// and are answered from it like a hit. A wait is bounded: past `waitMs`, or when the first render
// stores nothing (an error, a status other than 200, a cookie, no-store, too large), or when its
// reader goes away first, each waiter renders the page itself.

/** What a waiter is given: the stored page, or null to render it itself. */
type Waiter<E> = (entry: E | null) => void;

interface Flight<E> {
  waiters: Set<Waiter<E>>;
  /** The page the first render stored, once stored (its compression may still be under way). */
  stored?: E;
}

export interface Lead<E> {
  /** The first render's page is stored: it is kept for waiters who time out before `release`. */
  stored(entry: E): void;
  /** Answers every waiter (with null: they render themselves) and ends the flight; once only. */
  release(entry: E | null): void;
  /** The first render's response is over: without a stored page, the waiters render. */
  end(): void;
}

export function missFlights<E>(waitMs: number) {
  const flights = new Map<string, Flight<E>>();

  /** Starts the flight of `key` (no other may be under way). */
  const lead = (key: string): Lead<E> => {
    const flight: Flight<E> = { waiters: new Set() };
    flights.set(key, flight);
    const release = (entry: E | null) => {
      if (flights.get(key) !== flight) return;
      flights.delete(key);
      for (const waiter of flight.waiters) waiter(entry);
    };
    return {
      stored: (entry) => void (flight.stored = entry),
      release,
      end: () => void (flight.stored === undefined && release(null)),
    };
  };

  /**
   * Waits for the render under way for `key`, if any (false when none is). `then` is called once:
   * with the stored page, or null to render; never once the waiting reader has gone away.
   */
  const join = (key: string, res: Response, then: (entry: E | null) => void): boolean => {
    const flight = flights.get(key);
    if (!flight || waitMs <= 0) return false;
    const leave = () => {
      clearTimeout(timer);
      flight.waiters.delete(waiter);
      res.off('close', leave);
    };
    const waiter: Waiter<E> = (entry) => {
      leave();
      then(entry);
    };
    // A hung render: a page stored but not yet compressed is served as it is, otherwise render.
    const timer = setTimeout(() => waiter(flight.stored ?? null), waitMs);
    flight.waiters.add(waiter);
    res.once('close', leave);
    return true;
  };

  /** Readers waiting, over every flight. */
  const waiting = () => [...flights.values()].reduce((n, f) => n + f.waiters.size, 0);

  return { lead, join, inFlight: () => flights.size, waiting };
}
