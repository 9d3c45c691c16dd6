// The end of every settings form: what went wrong (announced), then Cancel and the form's submit.
// One place, so each form says problems and offers its buttons the same way, in the same order.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormProblem } from './form-problem';

interface Props {
  problem: string | null | undefined;
  onCancel(): void;
  /** The submit button's words; Save unless given. */
  submitLabel?: string;
  /** While the form's request is on its way. */
  busy?: boolean;
}

export function FormFooter({ problem, onCancel, submitLabel, busy = false }: Props): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <FormProblem problem={problem} />
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        {/* aria-disabled, not disabled: a disabled button drops keyboard focus to the page, and the
            answer (a refused login, say) would then leave the user nowhere. */}
        <button type="submit" className="button primary" aria-disabled={busy} onClick={(event) => busy && event.preventDefault()}>
          {submitLabel ?? t('common.save')}
        </button>
      </div>
    </>
  );
}
