// SMTP's descriptor as `accounts add --autoconfig` reads it: one proposal in a line, and a found
// server under the flags given, its port and TLS mode kept a pair as they are without a lookup.
import { describe, expect, it } from 'vitest';
import { smtpDescriptor } from './smtp';

const { describe: line, under } = smtpDescriptor.settingsFromAddress;
const STARTTLS = { host: 'smtp.acme.test', port: 587, secure: false, username: 'ana' };
const TLS = { host: 'smtp.acme.test', port: 465, secure: true, username: 'ana' };

describe('SMTP settings from the address', () => {
  it('says a proposal as host:port, its TLS mode and its login', () => {
    expect(line(STARTTLS)).toBe('smtp.acme.test:587 (STARTTLS), username ana');
    expect(line({ ...TLS, username: null })).toBe('smtp.acme.test:465 (TLS), username (none)');
  });

  it('keeps what was found where nothing was given, and no login where none was found', () => {
    expect(under(STARTTLS, {})).toEqual(STARTTLS);
    expect(under({ ...TLS, username: null }, {})).toEqual({ host: 'smtp.acme.test', port: 465, secure: true });
  });

  it('lets each flag given win: --host and --username alone', () => {
    expect(under(STARTTLS, { host: 'mail.acme.test', username: 'bo' })).toEqual({ ...STARTTLS, host: 'mail.acme.test', username: 'bo' });
  });

  it('an explicit port without --secure means STARTTLS, as without a lookup', () => {
    expect(under(TLS, { port: 2525 })).toEqual({ ...TLS, port: 2525, secure: false });
  });

  it('--secure alone keeps the found port only if it is the TLS one', () => {
    expect(under(TLS, { secure: true })).toEqual(TLS);
    expect(under(STARTTLS, { secure: true })).toEqual({ ...STARTTLS, port: 465, secure: true });
    expect(under(STARTTLS, { secure: true, port: 2465 })).toEqual({ ...STARTTLS, port: 2465, secure: true });
  });
});
