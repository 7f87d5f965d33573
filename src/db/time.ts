/** UTC timestamp in the one storage format both dialects share. */
export function toDbDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function nowUtc(): string {
  return toDbDate(new Date());
}

export function fromDbDate(s: string): Date {
  return new Date(s.replace(' ', 'T') + 'Z');
}

export function minutesAgo(minutes: number): string {
  return toDbDate(new Date(Date.now() - minutes * 60_000));
}
