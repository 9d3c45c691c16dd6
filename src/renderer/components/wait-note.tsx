// Why mail whose time has come has not left: outside its sending window, paused, account disabled,
// the provider asked to slow down, the account's per-minute or daily limit — with the next slot when it is known.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../api/format';
import type { EmailDetail } from '../api/types';

export function WaitNote({ email }: { email: EmailDetail }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const waiting = email.waiting;
  if (!waiting) return null;
  // A daily limit frees up tomorrow: the day matters then; otherwise the time is enough. A
  // sending window opens on a day of its own clock: "Mon 7 Jan, 09:00 (Europe/Paris)".
  const zone = waiting.opens?.timeZone;
  const time = !waiting.until
    ? ''
    : waiting.reason === 'sending-window'
      ? format.dayTime(waiting.until, zone)
      : waiting.reason === 'per-day'
        ? format.dateTime(waiting.until)
        : format.time(waiting.until);
  return (
    <p className={`callout ${waiting.reason === 'next-run' ? 'info' : 'warning'}`} role="note" data-testid="wait-note">
      {t(`waiting.${waiting.reason}`, { account: email.accountEmail, time, zone: zone ?? '', ...(waiting.until ? { context: 'until' } : {}) })}
    </p>
  );
}
