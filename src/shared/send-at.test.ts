import { describe, expect, it } from 'vitest';
import { parseSendAt, zoneOffsetMinutes } from './send-at';

describe('parseSendAt', () => {
  it('reads exact instants with Z or an offset', () => {
    expect(parseSendAt('2030-05-01T09:00:00Z', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 9) });
    expect(parseSendAt('2030-05-01T09:00:00+02:00', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 7) });
    expect(parseSendAt('2030-05-01T09:00-0530', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 14, 30) });
    expect(parseSendAt('2030-05-01T09:00:00.250Z', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 9, 0, 0, 250) });
  });

  it('reads the RFC 3339 lower-case t and z, and an offset in whole hours', () => {
    expect(parseSendAt('2030-05-01t09:00:00z', 'Europe/Paris')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 9) });
    expect(parseSendAt('2030-05-01T09:00:00+02', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 7) });
    expect(parseSendAt('2030-05-01T09:00-05', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 14) });
    expect(parseSendAt('2030-05-01T09:00:00+2', 'UTC').ok).toBe(false);
    expect(parseSendAt('2030-05-01T09:00:00+15', 'UTC').ok).toBe(false);
  });

  it('refuses offsets with minutes past 59 or hours past 14', () => {
    expect(parseSendAt('2030-05-01T09:00:00+01:99', 'UTC')).toEqual({ ok: false, reason: '"+01:99" is not a real UTC offset' });
    expect(parseSendAt('2030-05-01T09:00:00+0160', 'UTC')).toMatchObject({ ok: false });
    expect(parseSendAt('2030-05-01T09:00:00-15:00', 'UTC')).toMatchObject({ ok: false });
    expect(parseSendAt('2030-05-01T09:00:00+14:00', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 9) - 14 * 3_600_000 });
    expect(parseSendAt('2030-05-01T09:00:00+05:45', 'UTC')).toEqual({ ok: true, utc: Date.UTC(2030, 4, 1, 3, 15) });
  });

  it('reads a wall-clock time in the given zone, summer and winter', () => {
    expect(parseSendAt('2030-07-01T09:00', 'Europe/Paris')).toEqual({ ok: true, utc: Date.UTC(2030, 6, 1, 7) });
    expect(parseSendAt('2030-01-15T09:00', 'Europe/Paris')).toEqual({ ok: true, utc: Date.UTC(2030, 0, 15, 8) });
    expect(parseSendAt('2030-01-15T09:00', 'America/New_York')).toEqual({ ok: true, utc: Date.UTC(2030, 0, 15, 14) });
  });

  it('refuses a local time skipped by daylight saving time, and one that happens twice', () => {
    const gap = parseSendAt('2030-03-31T02:30:00', 'Europe/Paris');
    expect(gap.ok).toBe(false);
    expect(!gap.ok && gap.reason).toMatch(/does not exist/u);
    const twice = parseSendAt('2030-10-27T02:30:00', 'Europe/Paris');
    expect(!twice.ok && twice.reason).toMatch(/happens twice/u);
    // With the offset it is exact again.
    expect(parseSendAt('2030-10-27T02:30:00+01:00', 'Europe/Paris')).toEqual({ ok: true, utc: Date.UTC(2030, 9, 27, 1, 30) });
  });

  it.each(['2030-02-30T09:00:00Z', '2030-13-01T09:00:00Z', '2030-01-01T24:00:00Z', '2030-01-01', 'next monday', '2030-01-01T09:00:00+15:00'])(
    'refuses %s',
    (value) => expect(parseSendAt(value, 'UTC').ok).toBe(false),
  );

  it('refuses an unknown zone', () => {
    expect(parseSendAt('2030-01-01T09:00', 'Nowhere/City')).toEqual({ ok: false, reason: expect.stringContaining('not a known time zone') as string });
  });

  it('knows zone offsets', () => {
    expect(zoneOffsetMinutes(Date.UTC(2030, 0, 1), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(Date.UTC(2030, 6, 1), 'Europe/London')).toBe(60);
  });
});
