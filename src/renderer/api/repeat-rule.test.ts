import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { choiceFromRule, describeRepeat, NO_REPEAT, ruleFor, type RepeatChoice } from './repeat-rule';

const choice = (patch: Partial<RepeatChoice>): RepeatChoice => ({ ...NO_REPEAT, ...patch });
// Friday 31 October 2031, 09:00: a fifth Friday, so "monthly" is "the last Friday".
const AT = '2031-10-31T09:00';

describe('repeat rule from the compose choice', () => {
  it('builds the rule from the first time’s day', () => {
    expect(ruleFor(NO_REPEAT, AT)).toBeNull();
    expect(ruleFor(choice({ kind: 'daily' }), AT)).toBe('FREQ=DAILY');
    expect(ruleFor(choice({ kind: 'weekdays', end: 'count', count: 5 }), AT)).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=5');
    expect(ruleFor(choice({ kind: 'weekly', end: 'until', until: '2031-12-31' }), AT)).toBe('FREQ=WEEKLY;BYDAY=FR;UNTIL=20311231');
    expect(ruleFor(choice({ kind: 'monthly' }), AT)).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(ruleFor(choice({ kind: 'monthly' }), '2031-10-14T09:00')).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(ruleFor(choice({ kind: 'custom', custom: 'RRULE:FREQ=WEEKLY;INTERVAL=2' }), AT)).toBe('FREQ=WEEKLY;INTERVAL=2');
    expect(ruleFor(choice({ kind: 'weekly' }), '')).toBeNull();
  });

  it('says it back in English and French', () => {
    const en = createI18n('en').t;
    const fr = createI18n('fr').t;
    expect(describeRepeat(choice({ kind: 'weekdays', end: 'until', until: '2031-12-31' }), AT, en, 'en-GB')).toBe('Every weekday at 09:00, until 31 Dec 2031');
    expect(describeRepeat(choice({ kind: 'weekly', end: 'count', count: 3 }), AT, en, 'en-GB')).toBe('Every Friday at 09:00, 3 times');
    expect(describeRepeat(choice({ kind: 'monthly' }), AT, en, 'en-GB')).toBe('Every month on the last Friday at 09:00');
    expect(describeRepeat(choice({ kind: 'weekly', end: 'until', until: '2031-12-31' }), AT, fr, 'fr-FR')).toBe('Chaque vendredi à 09:00, jusqu’au 31 déc. 2031');
    expect(describeRepeat(choice({ kind: 'monthly' }), '2031-10-14T09:00', fr, 'fr-FR')).toBe('Chaque mois, le deuxième mardi à 09:00');
  });
});

describe('a stored rule read back as the choice it came from', () => {
  it('finds the common shapes with their end, and leaves anything else as the rule', () => {
    for (const made of [
      choice({ kind: 'daily' }),
      choice({ kind: 'weekdays', end: 'count', count: 5 }),
      choice({ kind: 'weekly', end: 'until', until: '2031-12-31' }),
      choice({ kind: 'monthly' }),
    ]) {
      expect(choiceFromRule(ruleFor(made, AT) ?? '', AT)).toEqual(made);
    }
    // A weekly rule on another day than the first time's is not "every <that day>".
    expect(choiceFromRule('FREQ=WEEKLY;BYDAY=MO', AT)).toMatchObject({ kind: 'custom', custom: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(choiceFromRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', AT)).toMatchObject({ kind: 'custom' });
    expect(choiceFromRule('FREQ=WEEKLY;BYDAY=FR;UNTIL=20311231T235959Z', AT)).toMatchObject({ kind: 'weekly', end: 'until', until: '2031-12-31' });
    const en = createI18n('en').t;
    expect(describeRepeat(choiceFromRule('FREQ=WEEKLY;BYDAY=MO;UNTIL=20311231', '2031-03-17T09:00'), '2031-03-17T09:00', en, 'en-GB')).toBe(
      'Every Monday at 09:00, until 31 Dec 2031',
    );
  });
});
