/**
 * Legal periods counted in days in the shop's time zone (Regulation 1182/71 style): the day of the
 * event does not count, and the period ends at the end of its last day, local time. Pure; used by the
 * withdrawal period and the refund deadline, and meant for the return window too.
 */

/** Whether `name` is an IANA time zone this runtime knows (`UTC`, `Europe/Paris`…). */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (year, month 1–12, day) that `instant` falls on in `timeZone`. */
export function localDate(instant: Date, timeZone: string): { year: number; month: number; day: number } {
  const local = new Date(instant.getTime() + offsetAt(instant, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

// One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

function partsOf(instant: Date, timeZone: string) {
  const fmt = formatterOf(timeZone);
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

// Offsets are remembered per time zone and quarter of an hour (UTC): today's offsets are whole
// quarters and change on a quarter, so the answer is the same for the whole block. formatToParts
// was the costliest call of an order page (every line's window), and orders share their days.
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds (whole seconds). */
function offsetAt(instant: Date, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const block = Math.floor(instant.getTime() / QUARTER_MS);
  const key = `${timeZone}|${block}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = new Date(block * QUARTER_MS);
    const p = partsOf(at, timeZone);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at.getTime();
    if (offsets.size >= 50_000) offsets.clear(); // bounded: a long-running server sees many days
    offsets.set(key, offset);
  }
  return offset;
}

/** The instant local midnight starts the given calendar date in `timeZone` (month 1–12; overflowing days roll over). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  let at = guess - offsetAt(new Date(guess), timeZone);
  // Near a change of offset, the offset at the answer can differ from the one at the guess.
  const second = guess - offsetAt(new Date(at), timeZone);
  if (second !== at) at = second;
  return new Date(at);
}

/**
 * The end of the `days`-th day after the day of `start`, in `timeZone`: the exclusive instant (the
 * next local midnight) at which the period is over. Delivered on 1 June with 14 days: the period
 * runs to the end of 15 June, so this answers 16 June 00:00 local time.
 */
export function endOfNthDayAfter(start: Date, days: number, timeZone: string): Date {
  const d = localDate(start, timeZone);
  return startOfLocalDay(d.year, d.month, d.day + days + 1, timeZone);
}

/** `YYYY-MM-DD HH:MM:SS` as a wall clock in `timeZone` shows `instant` (for emails and records). */
export function wallClock(instant: Date, timeZone: string): string {
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offsetAt(instant, timeZone));
  return local.toISOString().slice(0, 19).replace('T', ' ');
}
