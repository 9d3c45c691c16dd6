// Every string exists in both languages: a key only in English would show English in French.
import { describe, expect, it } from 'vitest';
import en from './en.json';
import enOutbox from './en-outbox.json';
import fr from './fr.json';
import frOutbox from './fr-outbox.json';
import enLate from './en-late.json';
import frLate from './fr-late.json';
import enAutoconfig from './en-autoconfig.json';
import frAutoconfig from './fr-autoconfig.json';
import { mergeDeep } from './i18n';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));

describe('translations', () => {
  it('has the same keys in English and French', () => {
    expect(keys(mergeDeep(fr, frOutbox)).sort()).toEqual(keys(mergeDeep(en, enOutbox)).sort());
    expect(keys(frLate).sort()).toEqual(keys(enLate).sort());
    expect(keys(frAutoconfig).sort()).toEqual(keys(enAutoconfig).sort());
  });

  it('merges the added files into the main ones without dropping a section', () => {
    const merged = mergeDeep(en, enOutbox) as { tabs: Record<string, string> };
    expect(merged.tabs.sent).toBe('Sent');
    expect(merged.tabs.cancelled).toBe('Cancelled');
  });
});
