// Search finds mail by what the user sees of its recipients — each To/Cc recipient's name and
// address — never by how they are stored (JSON keys and punctuation), and never by Bcc.
import { describe, expect, it } from 'vitest';
import { useSearchOutbox } from '../../../../test/helpers/search-outbox';

const outbox = useSearchOutbox();
const { found, queue } = outbox;

describe('searching recipients', () => {
  it('matches names and addresses as shown, not the words and punctuation they are stored with', async () => {
    const ann = await queue('Budget', [{ address: 'ann@client.example', name: 'Ann Smith' }]);
    const bob = await queue('Planning', [{ address: 'bob@other.example' }], { cc: [{ address: 'carla@cc.example', name: 'Carla Díaz' }] });
    const dan = await queue('Relevé', [{ address: 'dan@bcc-only.example', name: 'Dan' }], { bcc: [{ address: 'secret@hidden.example', name: 'Hidden Person' }] });

    // What the user sees: names, addresses, any substring of 3+ characters, any case.
    expect(found('Ann Smith')).toEqual([ann]);
    expect(found('ann@client')).toEqual([ann]);
    expect(found('smith ann@')).toEqual([ann]); // a name followed by its address, as displayed
    expect(found('Carla')).toEqual([bob]);
    expect(found('carla@cc.example')).toEqual([bob]);
    expect(found('bob@other')).toEqual([bob]);
    expect(found('.example')).toEqual([dan, bob, ann]);
    // How it is stored is not searchable: JSON keys, quotes, colons, braces.
    for (const term of ['address', 'name', 'ADDRESS', '":"', '{"', '","', 'null', ':', '"', '{', 'me"', 'ss']) {
      expect(found(term), term).toEqual([]);
    }
    // Bcc stays out of search (it is not shown to the other recipients either).
    expect(found('secret@hidden')).toEqual([]);
    expect(found('Hidden Person')).toEqual([]);
    // Short terms (1–2 characters) match the start of a word of the same text (search-short-terms.test.ts).
    expect(found('Dí')).toEqual([bob]);
    expect(found('cl')).toEqual([ann]);
    expect(found('@')).toEqual([]); // no word in it
  });

  it('follows an edit of the recipients', async () => {
    const id = await queue('Budget', [{ address: 'ann@client.example', name: 'Ann Smith' }]);
    await outbox.engine.queue.edit(id, { to: [{ address: 'zoe@else.example', name: 'Zoé Martin' }], subject: 'Budget', text: 'body' });
    expect(found('Ann Smith')).toEqual([]);
    expect(found('ann@client')).toEqual([]);
    expect(found('Zoé Martin')).toEqual([id]);
    expect(found('zoe@else')).toEqual([id]);
    expect(found('address')).toEqual([]);
  });
});
