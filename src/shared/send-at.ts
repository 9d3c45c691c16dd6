// Turns what a user typed as a send time into a UTC instant, refusing what cannot be meant
// exactly: impossible dates, local times that do not exist (DST gap) or exist twice (DST overlap).

export type SendAtResult = { ok: true; utc: number } | { ok: false; reason: string };

// RFC 3339 allows a lower-case t and z; ISO-8601 allows an offset in whole hours (+01).
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/u;

/** Offset of `timeZone` from UTC at instant `utc`, in minutes (Paris in winter: +60). */
export function zoneOffsetMinutes(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utc / 1000) * 1000) / 60_000);
}

const zoneValidity = new Map<string, boolean>();

/** Whether `timeZone` is an IANA zone this runtime knows (cached: Intl formatters are costly). */
export function isValidTimeZone(timeZone: string): boolean {
  let valid = zoneValidity.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size < 1_000) zoneValidity.set(timeZone, valid);
  }
  return valid;
}

/**
 * Parses ISO-8601 `value`. With an offset or `Z` it is exact. Without one it is a wall-clock time
 * in `timeZone`, which must exist exactly once on that day.
 */
export function parseSendAt(value: string, timeZone: string): SendAtResult {
  const match = ISO.exec(value.trim());
  if (!match) return { ok: false, reason: `"${value}" is not an ISO-8601 date-time such as 2030-05-01T09:00:00+02:00` };
  const [, y, mo, d, h, mi, s, ms, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  const millis = Number((ms ?? '0').padEnd(3, '0'));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  if (
    month < 1 ||
    month > 12 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return { ok: false, reason: `"${value}" is not a real date and time` };
  }
  if (offset) {
    if (offset === 'Z' || offset === 'z') return { ok: true, utc: wall };
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    // Real offsets run from -12:00 to +14:00; "+01:99" is a typo, not 2 h 39 min.
    if (Number(digits.slice(2)) > 59 || offsetMinutes > 14 * 60) return { ok: false, reason: `"${offset}" is not a real UTC offset` };
    return { ok: true, utc: wall - sign * offsetMinutes * 60_000 };
  }
  if (!isValidTimeZone(timeZone)) return { ok: false, reason: `"${timeZone}" is not a known time zone` };
  // The instant(s) whose wall clock in `timeZone` reads `wall`: try the offsets in force a day
  // either side (they bracket any DST change) and keep the ones that round-trip.
  const candidates = new Set<number>();
  for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
    const candidate = wall - zoneOffsetMinutes(probe, timeZone) * 60_000;
    if (candidate + zoneOffsetMinutes(candidate, timeZone) * 60_000 === wall) candidates.add(candidate);
  }
  if (candidates.size === 0) {
    return { ok: false, reason: `${value} does not exist in ${timeZone} (the clocks skip it for daylight saving time)` };
  }
  if (candidates.size > 1) {
    return {
      ok: false,
      reason: `${value} happens twice in ${timeZone} (daylight saving time ends); add the UTC offset to say which`,
    };
  }
  return { ok: true, utc: [...candidates][0] as number };
}
