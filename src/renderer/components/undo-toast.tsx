// The "Sending in 8 s — Undo" toast after "Send now". The delay itself is in the engine (the mail
// is scheduled a few seconds ahead), so closing the window does not stop the mail; this only
// offers the way back while there is time.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  until: string;
  now?: () => number;
  /** Resolves with an error text when it is too late, or null once the mail is back in compose. */
  onUndo(): Promise<string | null>;
  onDone(): void;
}

export function UndoToast({ until, now = Date.now, onUndo, onDone }: Props): ReactNode {
  const { t } = useTranslation();
  const deadline = Date.parse(until);
  const [left, setLeft] = useState(() => Math.max(0, Math.ceil((deadline - now()) / 1000)));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const timer = setInterval(() => setLeft(Math.max(0, Math.ceil((deadline - now()) / 1000))), 250);
    return () => clearInterval(timer);
  }, [deadline, now]);

  useEffect(() => {
    if (left > 0 || problem) return undefined;
    const timer = setTimeout(onDone, 400);
    return () => clearTimeout(timer);
  }, [left, problem, onDone]);

  useEffect(() => {
    if (!problem) return undefined;
    const timer = setTimeout(onDone, 5_000);
    return () => clearTimeout(timer);
  }, [problem, onDone]);

  return (
    <div className="toast" role="status">
      <span>{problem ?? (left > 0 ? t('undo.sendingIn', { count: left }) : t('undo.leaving'))}</span>
      {!problem && left > 0 ? (
        <button
          type="button"
          className="button small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onUndo().then((failure) => {
              setBusy(false);
              if (failure) setProblem(failure);
            });
          }}
        >
          {t('undo.undo')}
        </button>
      ) : null}
    </div>
  );
}
