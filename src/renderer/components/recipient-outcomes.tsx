// What each recipient's server said: accepted, refused (with the server's own words) or still
// pending. Shown when a mail did not simply reach everyone.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailDetail } from '../api/types';

export function RecipientOutcomes({ recipients }: { recipients: EmailDetail['recipients'] }): ReactNode {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="recipient-outcomes">
      <h3 id="recipient-outcomes">{t('detail.recipients')}</h3>
      <ul className="recipient-outcomes" aria-labelledby="recipient-outcomes">
        {recipients.map((recipient) => (
          <li key={`${recipient.kind}:${recipient.address}`} className={`recipient-outcome outcome-${recipient.outcome}`}>
            <span className="recipient-address">
              {recipient.kind !== 'to' ? <span className="muted">{t(`compose.${recipient.kind}`)} </span> : null}
              {recipient.address}
            </span>
            <span className={`badge recipient-${recipient.outcome}`}>{t(`recipientOutcome.${recipient.outcome}`)}</span>
            {recipient.resentAs ? <span className="badge status-sending">{t('recipientOutcome.resent')}</span> : null}
            {recipient.reason ? <code className="recipient-reason">{recipient.reason}</code> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
