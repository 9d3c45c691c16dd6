// Per-account limits: each field shows the provider default as its placeholder; an empty field
// means "use the default", a number overrides it.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { accountLimitOverridesSchema, type AccountLimitOverrides, type AccountSummary } from '../../shared/domain';
import { describeZodError } from '../../shared/message-schema';
import { FormProblem } from './form-problem';

const FIELDS = ['perDay', 'perMinute', 'recipientsPerDay', 'maxRecipients', 'maxMessageBytes', 'concurrency'] as const;

interface Props {
  account: AccountSummary;
  onSave(overrides: AccountLimitOverrides): void;
  onCancel(): void;
}

export function LimitsEditor({ account, onSave, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((key) => [key, account.limitOverrides[key] === undefined ? '' : String(account.limitOverrides[key])])),
  );
  const [problem, setProblem] = useState<string | null>(null);

  const save = (): void => {
    const overrides: Record<string, number> = {};
    for (const key of FIELDS) if (values[key]?.trim()) overrides[key] = Number(values[key]);
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
              min={1}
              inputMode="numeric"
              placeholder={String(account.limits[key])}
              value={values[key] ?? ''}
              onChange={(event) => setValues((v) => ({ ...v, [key]: event.target.value }))}
            />
          </div>
        ))}
      </div>
      <p className="hint">{t('accounts.limits.hint')}</p>
      <FormProblem problem={problem} />
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
