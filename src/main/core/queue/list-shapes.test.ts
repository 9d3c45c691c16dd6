// Each shape of list query is compiled once per open database and then run with new values
// (list-query.ts): the values must reach the statement every time — another account, another
// page, another search term — and asking again must compile nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addSmtpAccount, makeEngine, type TestEngine } from '../../../../test/helpers/engine';

let engine: TestEngine;
let ann: number;
let bob: number;
beforeEach(async () => {
  engine = makeEngine();
  ann = await addSmtpAccount(engine, 9, 'ann@example.com');
  bob = await addSmtpAccount(engine, 9, 'bob@example.com');
  const mail = (account: number, subject: string) => ({ message: { to: [{ address: 'team@example.com' }], subject, text: 'x' }, accountRef: account });
  await engine.queue.queueEmails([mail(ann, 'Invoice March'), mail(ann, 'Invoice April'), mail(bob, 'Agenda'), mail(bob, 'Invoice May')]);
});
afterEach(() => engine.dispose());

const subjects = (filter: Parameters<TestEngine['queue']['list']>[0]) => engine.queue.list(filter).map((email) => email.subject);

describe('list queries kept prepared', () => {
  it('binds each call’s account, page and search term to the same statement', () => {
    expect(subjects({ status: 'queued', accountId: ann, order: 'leaving' })).toEqual(['Invoice March', 'Invoice April']);
    expect(subjects({ status: 'queued', accountId: bob, order: 'leaving' })).toEqual(['Agenda', 'Invoice May']);
    expect(subjects({ status: 'queued', accountId: bob, order: 'leaving', limit: 1, offset: 1 })).toEqual(['Invoice May']);
    expect(subjects({ search: 'invoice' })).toEqual(['Invoice May', 'Invoice April', 'Invoice March']);
    expect(subjects({ search: 'agenda' })).toEqual(['Agenda']);
    expect(subjects({ search: 'april', accountId: bob })).toEqual([]);
  });

  it('compiles nothing when the same shape is asked again with other values', () => {
    subjects({ status: 'queued', accountId: ann, order: 'leaving' });
    subjects({ search: 'invoice' });
    const prepare = vi.spyOn(engine.db.$client, 'prepare');
    expect(subjects({ status: 'queued', accountId: bob, order: 'leaving', limit: 1 })).toEqual(['Agenda']);
    expect(subjects({ search: 'agenda' })).toEqual(['Agenda']);
    expect(prepare).not.toHaveBeenCalled();
    // A new shape (another tab) is compiled once, then kept.
    subjects({ status: 'sent', order: 'leaving' });
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});
