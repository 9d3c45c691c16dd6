// One way of writing a time across the window: the locale's short time ("2:00 PM" in en-US,
// "14:00" in en-GB and fr-FR), whether alone, with a day, or as a wall-clock hour (quick times,
// a series' words, a sending window) — never "02:00 PM" beside "2:00 PM".
import { describe, expect, it } from 'vitest';
import { createFormatters, localeFor } from './format';

const flat = (text: string): string => text.replace(/\s/gu, ' ');
const AFTERNOON = Date.UTC(2031, 2, 17, 14, 5); // Monday 17 March 2031, 14:05 UTC

describe('times in the window', () => {
  it('writes a day with a time as the locale writes a time alone', () => {
    const us = createFormatters('en-US');
    expect(flat(us.time(AFTERNOON, 'UTC'))).toBe('2:05 PM');
    expect(flat(us.dayTime(AFTERNOON, 'UTC'))).toBe('Mon, Mar 17, 2:05 PM');
    expect(flat(us.dayTime(Date.UTC(2031, 2, 17, 9, 5), 'UTC'))).toBe('Mon, Mar 17, 9:05 AM');
    const fr = createFormatters('fr-FR');
    expect(fr.time(Date.UTC(2031, 2, 17, 9, 5), 'UTC')).toBe('09:05');
    expect(fr.dayTime(Date.UTC(2031, 2, 17, 9, 5), 'UTC')).toBe('lun. 17 mars, 09:05');
    // The zone it is read in, not the machine's.
    expect(flat(us.dayTime(AFTERNOON, 'Asia/Kolkata'))).toBe('Mon, Mar 17, 7:35 PM');
  });

  it('writes a wall-clock hour the same way', () => {
    expect(flat(createFormatters('en-US').wallTime('14:00'))).toBe('2:00 PM');
    expect(flat(createFormatters('en-US').wallTime('09:00'))).toBe('9:00 AM');
    expect(createFormatters('en-GB').wallTime('09:00')).toBe('09:00');
    expect(createFormatters('fr-FR').wallTime('17:30')).toBe('17:30');
  });

  it('takes the system’s own variant of the window’s language', () => {
    expect(localeFor('en', ['en-GB', 'en'])).toBe('en-GB');
    expect(localeFor('en', ['fr-FR'])).toBe('en-US');
    expect(localeFor('fr', ['en-US', 'fr-CA'])).toBe('fr-CA');
    expect(localeFor('fr', [])).toBe('fr-FR');
  });
});
