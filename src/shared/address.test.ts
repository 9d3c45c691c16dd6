import { describe, expect, it } from 'vitest';
import { addressProblem, headerTextProblem } from './address';

describe('addressProblem', () => {
  it.each(['ana@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'josé@bücher.de', 'user@xn--bcher-kva.de', 'δοκιμή@παράδειγμα.ελ'])(
    'accepts %s',
    (address) => expect(addressProblem(address)).toBeNull(),
  );

  it.each([
    ['', /empty/u],
    ['ana.example.com', /name@example.com/u],
    ['ana@', /name@example.com/u],
    ['@example.com', /name@example.com/u],
    ['an a@example.com', /not allowed/u],
    ['ana..b@example.com', /not allowed/u],
    ['.ana@example.com', /not allowed/u],
    ['ana@example', /domain with a dot/u],
    ['ana@-example.com', /invalid domain/u],
    ['ana@example.123', /invalid domain/u],
    ['"quoted"@example.com', /not allowed/u],
    ['ana@example.com\r\nBcc: x@y.z', /control character/u],
    [`${'a'.repeat(65)}@example.com`, /64/u],
  ])('refuses %j', (address, reason) => expect(addressProblem(address)).toMatch(reason));
});

describe('headerTextProblem', () => {
  it('refuses line breaks and control characters, accepts tabs and Unicode', () => {
    expect(headerTextProblem('Bonjour à tous\t✉')).toBeNull();
    expect(headerTextProblem('a\r\nb')).toMatch(/line breaks/u);
    expect(headerTextProblem('a\nb')).toMatch(/line breaks/u);
    expect(headerTextProblem('a\u0000b')).toMatch(/control/u);
  });
});
