// Per-account limits: each field shows the provider default as its placeholder; an empty field
// means "use the default", a number overrides it. The message size is read and written in MB
// (the engine keeps bytes): nobody thinks of 26214400.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { accountLimitOverridesSchema, type AccountLimitOverrides, type AccountSummary } from '../../shared/domain';
import { describeZodError } from '../../shared/message-schema';
import { FormFooter } from './form-footer';

const FIELDS = ['perDay', 'perMinute', 'recipientsPerDay', 'maxRecipients', 'maxMessageBytes', 'concurrency'] as const;
const MB = 1024 * 1024;
/** Shown in the field: MB (one decimal at most) for the size, the number itself otherwise. */
const shown = (key: (typeof FIELDS)[number], value: number): string =>
  key === 'maxMessageBytes' ? String(Math.round((value / MB) * 10) / 10) : String(value);
/** What the engine stores, from what the user typed. */
const stored = (key: (typeof FIELDS)[number], text: string): number => (key === 'maxMessageBytes' ? Math.round(Number(text) * MB) : Number(text));

interface Props {
  account: AccountSummary;
  onSave(overrides: AccountLimitOverrides): void;
  onCancel(): void;
}

export function LimitsEditor({ account, onSave, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((key) => [key, account.limitOverrides[key] === undefined ? '' : shown(key, account.limitOverrides[key])])),
  );
  const [problem, setProblem] = useState<string | null>(null);

  const save = (): void => {
    const overrides: Record<string, number> = {};
    for (const key of FIELDS) if (values[key]?.trim()) overrides[key] = stored(key, values[key] ?? '');
    const parsed = accountLimitOverridesSchema.safeParse(overrides);
    if (!parsed.success) return setProblem(describeZodError(parsed.error).message);
    setProblem(null);
    onSave(parsed.data);
  };

  return (
    <form
      className="limits-editor"
      aria-label={t('accounts.limits.title', { email: account.email })}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="grid-3">
        {FIELDS.map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{t(`accounts.limits.${key}`)}</label>
            <input
              id={`${id}-${key}`}
              type="number"
              min={key === 'maxMessageBytes' ? 0.1 : 1}
              step={key === 'maxMessageBytes' ? 0.1 : 1}
              inputMode={key === 'maxMessageBytes' ? 'decimal' : 'numeric'}
              placeholder={shown(key, account.limits[key])}
              value={values[key] ?? ''}
              onChange={(event) => setValues((v) => ({ ...v, [key]: event.target.value }))}
            />
          </div>
        ))}
      </div>
      <p className="hint">{t('accounts.limits.hint')}</p>
      <FormFooter problem={problem} onCancel={onCancel} />
    </form>
  );
}
