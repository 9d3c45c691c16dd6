// Removing an account: says how much unsent mail it still has and offers to move that mail to
// another account (the default when there is one) instead of cancelling it.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useFormat } from '../api/format';
import { ConfirmDialog } from './confirm-dialog';

interface Props {
  account: AccountSummary;
  /** Every account; the others that are enabled are offered as a destination. */
  accounts: AccountSummary[];
  onConfirm(choice: { moveTo: number | null }): void;
  onCancel(): void;
}

export function RemoveAccountDialog({ account, accounts, onConfirm, onCancel }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const id = useId();
  const [unsent, setUnsent] = useState<{ movable: number; stuck: number } | null>(null);
  const targets = accounts.filter((other) => other.id !== account.id && other.active);
  const [move, setMove] = useState(targets.length > 0);
  const [moveTo, setMoveTo] = useState<number | null>(targets[0]?.id ?? null);

  useEffect(() => {
    let live = true;
    void api['accounts:unsent']({ id: account.id }).then((result) => live && setUnsent(result.ok ? result.value : { movable: 0, stuck: 0 }));
    return () => {
      live = false;
    };
  }, [api, account.id]);

  const movable = unsent?.movable ?? 0;
  const moving = move && movable > 0 && moveTo !== null;
  const body = (
    <>
      <p>{t('accounts.removeBody')}</p>
      {unsent === null ? <p className="muted">{t('accounts.removeCounting')}</p> : null}
      {movable > 0 ? (
        <fieldset className="remove-choice">
          <legend>{t('accounts.removeUnsent', { count: movable, n: format.number(movable) })}</legend>
          {targets.length > 0 ? (
            <div className="choice-row">
              <input id={`${id}-move`} type="radio" name={`${id}-choice`} checked={move} onChange={() => setMove(true)} />
              <label htmlFor={`${id}-move`}>{t('accounts.moveTo')}</label>
              <select aria-label={t('accounts.moveTarget')} value={moveTo ?? ''} disabled={!move} onChange={(event) => setMoveTo(Number(event.target.value))}>
                {targets.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.email} ({t(`providers.${other.provider}`)})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="choice-row">
            <input id={`${id}-cancel`} type="radio" name={`${id}-choice`} checked={!move} onChange={() => setMove(false)} />
            <label htmlFor={`${id}-cancel`}>{t('accounts.cancelUnsent', { count: movable })}</label>
          </div>
        </fieldset>
      ) : null}
      {unsent && unsent.stuck > 0 ? <p className="muted">{t('accounts.removeStuck', { count: unsent.stuck })}</p> : null}
    </>
  );
  return (
    <ConfirmDialog
      title={t('accounts.removeTitle', { email: account.email })}
      body={body}
      confirmLabel={moving ? t('accounts.removeAndMove', { count: movable }) : t('accounts.remove')}
      danger={!moving}
      keepLabel={t('accounts.keepAccount')}
      onCancel={onCancel}
      onConfirm={() => unsent !== null && onConfirm({ moveTo: moving ? moveTo : null })}
    />
  );
}
