import { describe, expect, it } from 'vitest';
import {
  describeWindow,
  isOpen,
  nextOpening,
  nextOpeningOfAll,
  parseDays,
  parseHours,
  sendingWindowSchema,
  wallLabel,
  type SendingWindow,
} from './sending-window';

const paris: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '09:00', end: '17:30' }], timeZone: 'Europe/Paris' };
const utc = (text: string): number => Date.parse(text);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('sending window schema', () => {
  it('accepts a working week and names the field of what is wrong', () => {
    expect(sendingWindowSchema.parse(paris)).toEqual(paris);
    const problem = (input: unknown): string => {
      const parsed = sendingWindowSchema.safeParse(input);
      if (parsed.success) return 'accepted';
      const issue = parsed.error.issues[0];
      return `${issue?.path.join('.')}: ${issue?.message}`;
    };
    expect(problem({ ...paris, days: ['mon', 'fun'] })).toMatch(/^days\.1: must be one of mon/u);
    expect(problem({ ...paris, days: [] })).toBe('days: give at least one day');
    expect(problem({ ...paris, hours: [{ start: '25:00', end: '26:00' }] })).toMatch(/^hours\.0\.start: must be a time of day/u);
    expect(problem({ ...paris, hours: [{ start: '17:00', end: '09:00' }] })).toMatch(/^hours\.0\.end: must end after it starts/u);
    expect(problem({ ...paris, hours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] })).toBe('hours: ranges overlap');
    expect(problem({ ...paris, timeZone: 'Europe/Pariss' })).toMatch(/^timeZone: is not a known IANA time zone/u);
    expect(problem({ ...paris, extra: 1 })).not.toBe('accepted');
  });

  it('reads days and hours as people type them', () => {
    expect(parseDays('mon-fri')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(parseDays('fri,mon,wed')).toEqual(['mon', 'wed', 'fri']);
    expect(parseDays('Sat-Mon')).toEqual(['mon', 'sat', 'sun']);
    expect(parseDays('monday,tuesday')).toEqual(['mon', 'tue']);
    expect(() => parseDays('mon-frx')).toThrow(/"frx" is not a day/u);
    expect(() => parseDays('mon,,fri')).toThrow(/empty item/u);
    expect(parseHours('9:00–17:30')).toEqual({ start: '09:00', end: '17:30' });
    expect(() => parseHours('9-17')).toThrow(/not a range of hours/u);
    expect(describeWindow(paris)).toBe('mon-fri 09:00-17:30 Europe/Paris');
  });
});

describe('isOpen and nextOpening', () => {
  it('is open inside the hours on the days, closed at the end minute, and on other days', () => {
    // Wednesday 2030-01-02, Paris is UTC+1.
    expect(isOpen(paris, utc('2030-01-02T08:00:00Z'))).toBe(true); // 09:00 local
    expect(isOpen(paris, utc('2030-01-02T07:59:59Z'))).toBe(false);
    expect(isOpen(paris, utc('2030-01-02T16:29:59Z'))).toBe(true);
    expect(isOpen(paris, utc('2030-01-02T16:30:00Z'))).toBe(false); // 17:30 local: closed
    expect(isOpen(paris, utc('2030-01-05T10:00:00Z'))).toBe(false); // Saturday
  });

  it('gives the instant itself when open, else the next start — across the weekend', () => {
    const open = utc('2030-01-02T10:00:00Z');
    expect(nextOpening(paris, open)).toBe(open);
    expect(iso(nextOpening(paris, utc('2030-01-02T05:00:00Z')))).toBe('2030-01-02T08:00:00.000Z');
    expect(iso(nextOpening(paris, utc('2030-01-02T18:00:00Z')))).toBe('2030-01-03T08:00:00.000Z');
    // Friday evening → Monday 09:00.
    expect(iso(nextOpening(paris, utc('2030-01-04T17:00:00Z')))).toBe('2030-01-07T08:00:00.000Z');
    expect(wallLabel(utc('2030-01-07T08:00:00Z'), 'Europe/Paris')).toBe('Mon 09:00');
  });

  it('several ranges in a day: the lunch break waits for the afternoon', () => {
    const split: SendingWindow = { ...paris, hours: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }] };
    expect(isOpen(split, utc('2030-01-02T12:00:00Z'))).toBe(false); // 13:00 local
    expect(iso(nextOpening(split, utc('2030-01-02T12:00:00Z')))).toBe('2030-01-02T13:00:00.000Z');
  });

  it('stays at 09:00 local on both sides of the Paris spring change (UTC+1 → UTC+2)', () => {
    // Clocks go forward on Sunday 2030-03-31. Friday 29th opens 08:00Z, Monday 1 April 07:00Z.
    expect(iso(nextOpening(paris, utc('2030-03-29T06:00:00Z')))).toBe('2030-03-29T08:00:00.000Z');
    expect(iso(nextOpening(paris, utc('2030-03-29T17:00:00Z')))).toBe('2030-04-01T07:00:00.000Z');
    expect(isOpen(paris, utc('2030-04-01T07:00:00Z'))).toBe(true);
    expect(isOpen(paris, utc('2030-04-01T06:59:00Z'))).toBe(false);
  });

  it('stays at 09:00 local on both sides of the Paris autumn change (UTC+2 → UTC+1)', () => {
    // Clocks go back on Sunday 2030-10-27.
    expect(iso(nextOpening(paris, utc('2030-10-25T17:00:00Z')))).toBe('2030-10-28T08:00:00.000Z');
    expect(iso(nextOpening(paris, utc('2030-10-24T05:00:00Z')))).toBe('2030-10-24T07:00:00.000Z');
  });

  it('a start the clocks skip opens at the first instant after the gap', () => {
    // Sunday 2030-03-31 in Paris: 02:00 → 03:00. A window opening at 02:30 opens at 03:00 CEST = 01:00Z.
    const night: SendingWindow = { days: ['sun'], hours: [{ start: '02:30', end: '05:00' }], timeZone: 'Europe/Paris' };
    expect(iso(nextOpening(night, utc('2030-03-30T12:00:00Z')))).toBe('2030-03-31T01:00:00.000Z');
    expect(isOpen(night, utc('2030-03-31T00:59:59Z'))).toBe(false);
    // A range entirely inside the gap does not open that day; the next Sunday it does.
    const lost: SendingWindow = { days: ['sun'], hours: [{ start: '02:10', end: '02:40' }], timeZone: 'Europe/Paris' };
    expect(iso(nextOpening(lost, utc('2030-03-30T12:00:00Z')))).toBe('2030-04-07T00:10:00.000Z');
  });

  it('a start that happens twice opens at the first one', () => {
    // Sunday 2030-10-27 in Paris: 03:00 CEST → 02:00 CET. 02:30 first happens at 00:30Z.
    const night: SendingWindow = { days: ['sun'], hours: [{ start: '02:30', end: '02:45' }], timeZone: 'Europe/Paris' };
    expect(iso(nextOpening(night, utc('2030-10-26T12:00:00Z')))).toBe('2030-10-27T00:30:00.000Z');
    // Once the first has passed, the second reading of 02:30 (01:30Z) opens it again.
    expect(iso(nextOpening(night, utc('2030-10-27T00:50:00Z')))).toBe('2030-10-27T01:30:00.000Z');
  });

  it('works in other zones (New York, its own DST dates) and across the year end', () => {
    const ny: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: [{ start: '08:00', end: '16:00' }], timeZone: 'America/New_York' };
    // US DST starts Sunday 2030-03-10: after Friday 8th's close (21:00Z) it opens Monday 11th at 12:00Z.
    expect(iso(nextOpening(ny, utc('2030-03-08T21:30:00Z')))).toBe('2030-03-11T12:00:00.000Z');
    expect(iso(nextOpening(paris, utc('2030-12-31T17:00:00Z')))).toBe('2031-01-01T08:00:00.000Z');
  });

  it('meets several windows: a batch window narrowing the account’s', () => {
    const afternoons: SendingWindow = { days: ['wed', 'thu'], hours: [{ start: '14:00', end: '16:00' }], timeZone: 'Europe/Paris' };
    // Monday morning: the account opens Monday 09:00, the batch only Wednesday 14:00.
    expect(iso(nextOpeningOfAll([paris, afternoons], utc('2030-01-07T05:00:00Z')))).toBe('2030-01-09T13:00:00.000Z');
    const never: SendingWindow = { days: ['sat'], hours: [{ start: '09:00', end: '10:00' }], timeZone: 'Europe/Paris' };
    expect(nextOpeningOfAll([paris, never], utc('2030-01-07T05:00:00Z'))).toBeNull();
  });
});
