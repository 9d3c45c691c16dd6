// A queue state as a coloured, translated badge.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailStatus } from '../../shared/domain';

export function StatusBadge({ status }: { status: EmailStatus }): ReactNode {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}
