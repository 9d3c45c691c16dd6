// A search of 1–2 characters (what the search box holds before a third key) finds mail whose
// subject or To/Cc recipients have a word starting with it, case and accents folded, newest first
// — through the word index, so it stays fast at a million emails (list-query.test.ts checks the
// plan). A term with no letter or digit holds no word and finds nothing, without an error.
import { beforeEach, describe, expect, it } from 'vitest';
import { useSearchOutbox } from '../../../../test/helpers/search-outbox';

const outbox = useSearchOutbox();
const { found, queue } = outbox;

describe('searching for one or two characters', () => {
  let ann: number;
  let bob: number;
  let dan: number;
  beforeEach(async () => {
    ann = await queue('Budget 2027', [{ address: 'ann@client.example', name: 'Ann Smith' }]);
    bob = await queue('Planning', [{ address: 'bob@other.example' }], { cc: [{ address: 'carla@cc.example', name: 'Carla Díaz' }] });
    dan = await queue('Relevé Q3', [{ address: 'dan@7shop.example', name: 'Dan' }], { bcc: [{ address: 'secret@hidden.example', name: 'Hidden Person' }] });
  });

  it('finds a word that starts with the term, in a subject, a name or any part of an address', () => {
    expect(found('bu')).toEqual([ann]); // Budget
    expect(found('sm')).toEqual([ann]); // Smith
    expect(found('cl')).toEqual([ann]); // ann@client.example
    expect(found('ot')).toEqual([bob]); // bob@other.example
    expect(found('c')).toEqual([bob, ann]); // carla, cc, client — newest first
    expect(found('ex')).toEqual([dan, bob, ann]); // .example
    expect(found('20')).toEqual([ann]); // 2027
    expect(found('7')).toEqual([dan]); // dan@7shop.example
    expect(found('q3')).toEqual([dan]);
  });

  it('folds case and accents both ways', () => {
    for (const term of ['di', 'Dí', 'DI', 'dÍ']) expect(found(term), term).toEqual([bob]); // Díaz
    for (const term of ['re', 'ré', 'RÉ']) expect(found(term), term).toEqual([dan]); // Relevé
  });

  it('does not find the term inside a word (that takes three characters: the substring index)', () => {
    expect(found('an')).toEqual([ann]); // Ann, not plANning
    expect(found('mi')).toEqual([]); // sMIth
    expect(found('mit')).toEqual([ann]);
    expect(found('la')).toEqual([]); // carLA, pLAnning
  });

  it('leaves out Bcc, as longer searches do', () => {
    expect(found('se')).toEqual([]);
    expect(found('hi')).toEqual([]);
  });

  it('finds nothing, without an error, for a term with no letter or digit', () => {
    for (const term of ['@', '.', '--', '"', '""', "'", '*', ':', '^', '()', '+', '@.']) expect(found(term), term).toEqual([]);
  });

  it('takes quotes and search operators literally', () => {
    expect(found('a"')).toEqual([ann]); // the word start "a"
    expect(found('"d')).toEqual([dan, bob]); // dan, díaz
    expect(found('OR')).toEqual([]);
    expect(found('*b')).toEqual([bob, ann]); // bob, budget
    expect(found('c*')).toEqual([bob, ann]);
  });

  it('combines with the other filters and orders', () => {
    outbox.engine.queue.cancel(bob);
    expect(found('c', { status: 'queued' })).toEqual([ann]);
    expect(found('c', { status: 'cancelled' })).toEqual([bob]);
    expect(found('c', { status: 'queued', order: 'leaving' })).toEqual([ann]);
    expect(found('ex', { order: 'leaving' })).toHaveLength(3);
    expect(found('ex', { limit: 2 })).toEqual([dan, bob]);
    expect(found('ex', { limit: 2, offset: 2 })).toEqual([ann]);
  });

  it('follows edits of the subject and the recipients, and removals', async () => {
    await outbox.engine.queue.edit(ann, { to: [{ address: 'zoe@else.example', name: 'Zoé Martin' }], subject: 'Devis', text: 'body' });
    expect(found('bu')).toEqual([]);
    expect(found('cl')).toEqual([]);
    expect(found('sm')).toEqual([]);
    expect(found('zo')).toEqual([ann]);
    expect(found('ma')).toEqual([ann]);
    expect(found('de')).toEqual([ann]);
    await outbox.engine.accounts.remove(outbox.accountId, true);
    expect(found('zo')).toEqual([]);
    expect(found('ex')).toEqual([]);
  });
});
