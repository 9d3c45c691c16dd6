// Mail merge: pick the account, write the template here (or load a template file), choose the
// CSV; the preview validates every row, shows the first ones rendered with bad rows marked and
// why, and the ETA; "Queue" sends the whole batch (or, when asked, only the valid rows). The batch
// starts now or at a chosen time (in a chosen zone), and may have a sending window of its own,
// inside its account's.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeResult } from '../../shared/batch';
import type { AccountSummary } from '../../shared/domain';
import { useApi } from '../api/api-context';
import { useFormat } from '../api/format';
import { resultErrorText } from '../api/problems';
import { checkSchedule, localTimeZone } from '../api/schedule-time';
import { FormProblem } from '../components/form-problem';
import { SchedulePicker } from '../components/schedule-picker';
import { checkWindowDraft, windowDraft, WindowFields } from '../components/window-editor';

interface Props {
  accounts: AccountSummary[];
  onQueued(batchId: number): void;
  now?: () => number;
}

interface DataChoice {
  name: string;
  base64: string;
}

async function readBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function MergeView({ accounts, onQueued, now = Date.now }: Props): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const id = useId();
  const usable = accounts.filter((account) => account.active);
  const [accountId, setAccountId] = useState<number | null>(usable[0]?.id ?? null);
  const [mode, setMode] = useState<'compose' | 'file'>('compose');
  const [to, setTo] = useState('{{email}}');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [unsubscribe, setUnsubscribe] = useState('');
  const [templateFile, setTemplateFile] = useState<{ name: string; value: Record<string, unknown> } | null>(null);
  const [data, setData] = useState<DataChoice | null>(null);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<MergeResult | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [allowDuplicates, setAllowDuplicates] = useState(false);
  const [when, setWhen] = useState<'now' | 'schedule'>('now');
  const [sendAt, setSendAt] = useState('');
  const [timeZone, setTimeZone] = useState(localTimeZone);
  const [batchWindow, setBatchWindow] = useState(() => windowDraft(null));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const template = (): Record<string, unknown> | null => {
    if (mode === 'file') return templateFile?.value ?? null;
    return {
      to: [{ address: to.trim() }],
      subject,
      text: body,
      ...(unsubscribe.trim() ? { listUnsubscribe: unsubscribe.trim() } : {}),
    };
  };

  const input = () => {
    const value = template();
    if (accountId === null) return setProblem(t('merge.needAccount')), null;
    if (!value) return setProblem(t('merge.needTemplate')), null;
    if (!data) return setProblem(t('merge.needData')), null;
    if (when === 'schedule') {
      const check = checkSchedule(sendAt, timeZone, now());
      if (!check.ok) return setProblem(sendAt ? t(`compose.schedule_${check.reason}`, { zone: timeZone }) : t('merge.needTime')), null;
    }
    const checked = checkWindowDraft(batchWindow, t);
    if (!checked.ok) return setProblem(checked.problem), null;
    return {
      accountId,
      template: value,
      dataBase64: data.base64,
      dataName: data.name,
      name: name.trim() || data.name,
      skipInvalid,
      allowDuplicates,
      ...(when === 'schedule' ? { sendAt, timeZone } : {}),
      window: checked.window,
    };
  };

  // "Check and preview" sits at the foot of a long form and the preview beside its top: the
  // answer is brought into view and focused, where a keyboard or screen reader user is told it.
  const previewAsked = useRef(false);
  const previewCard = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!preview || !previewAsked.current) return;
    previewAsked.current = false;
    previewCard.current?.focus();
  }, [preview]);

  const run = async (queue: boolean): Promise<void> => {
    setProblem(null);
    const request = input();
    if (!request) return;
    setBusy(true);
    const result = queue ? await api['merge:queue'](request) : await api['merge:preview'](request);
    setBusy(false);
    if (!result.ok) {
      setPreview(null);
      return setProblem(resultErrorText(t, result.error));
    }
    if (queue && result.value.batch !== null) onQueued(result.value.batch);
    else {
      setPreview(result.value);
      previewAsked.current = true;
    }
  };


  const loadTemplate = async (file: File | undefined): Promise<void> => {
    setPreview(null);
    if (!file) return setTemplateFile(null);
    try {
      const value: unknown = JSON.parse(await file.text());
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      setTemplateFile({ name: file.name, value: value as Record<string, unknown> });
      setProblem(null);
    } catch {
      setTemplateFile(null);
      setProblem(t('merge.badTemplateFile', { name: file.name, example: '{{column}}' }));
    }
  };

  const valid = preview ? preview.rows - preview.skipped.length : 0;
  const firstMessage = preview?.preview.find((row) => !row.problem && row.text) ?? null;
  return (
    <section className="view merge" aria-labelledby={`${id}-title`}>
      <header className="view-header">
        <h1 id={`${id}-title`}>{t('merge.title')}</h1>
      </header>
      <div className="merge-layout">
        <div className="card merge-form">
          <div className="field">
            <label htmlFor={`${id}-account`}>{t('compose.from')}</label>
            <select id={`${id}-account`} value={accountId ?? ''} onChange={(event) => setAccountId(Number(event.target.value))}>
              {usable.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.email}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>{t('merge.template')}</legend>
            <label className="radio">
              <input type="radio" name={`${id}-mode`} checked={mode === 'compose'} onChange={() => setMode('compose')} /> {t('merge.writeHere')}
            </label>
            <label className="radio">
              <input type="radio" name={`${id}-mode`} checked={mode === 'file'} onChange={() => setMode('file')} /> {t('merge.fromFile')}
            </label>
          </fieldset>
          {mode === 'compose' ? (
            <>
              <p className="muted">{t('merge.placeholderHint', { example: '{{column}}' })}</p>
              <div className="field">
                <label htmlFor={`${id}-to`}>{t('merge.to')}</label>
                <input id={`${id}-to`} type="text" value={to} onChange={(event) => setTo(event.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-subject`}>{t('compose.subject')}</label>
                <input id={`${id}-subject`} type="text" value={subject} onChange={(event) => setSubject(event.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-body`}>{t('merge.body')}</label>
                <textarea id={`${id}-body`} rows={6} value={body} onChange={(event) => setBody(event.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-unsubscribe`}>{t('merge.unsubscribe')}</label>
                <input id={`${id}-unsubscribe`} type="text" placeholder="https://example.com/unsubscribe/{{id}}" value={unsubscribe} onChange={(event) => setUnsubscribe(event.target.value)} />
              </div>
            </>
          ) : (
            <div className="field">
              <label htmlFor={`${id}-template-file`}>{t('merge.templateFile')}</label>
              <input id={`${id}-template-file`} type="file" accept=".json,application/json" onChange={(event) => void loadTemplate(event.target.files?.[0])} />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-data`}>{t('merge.dataFile')}</label>
            <input
              id={`${id}-data`}
              type="file"
              accept=".csv,text/csv,.tsv,.txt"
              onChange={(event) => {
                const file = event.target.files?.[0];
                setPreview(null);
                if (!file) return setData(null);
                void readBase64(file).then((base64) => setData({ name: file.name, base64 }));
              }}
            />
            <span className="muted">{t('merge.dataHint')}</span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('merge.name')}</label>
            <input id={`${id}-name`} type="text" value={name} placeholder={data?.name ?? ''} onChange={(event) => setName(event.target.value)} />
          </div>
          <label className="radio">
            <input
              type="checkbox"
              checked={allowDuplicates}
              onChange={(event) => (setAllowDuplicates(event.target.checked), setPreview(null))}
            />{' '}
            {t('merge.allowDuplicates')}
          </label>
          <div className="send-mode" role="radiogroup" aria-label={t('merge.when')}>
            <label className="radio">
              <input type="radio" name={`${id}-when`} checked={when === 'now'} onChange={() => (setWhen('now'), setPreview(null))} /> {t('merge.startNow')}
            </label>
            <label className="radio">
              <input type="radio" name={`${id}-when`} checked={when === 'schedule'} onChange={() => (setWhen('schedule'), setPreview(null))} /> {t('merge.startLater')}
            </label>
          </div>
          {when === 'schedule' ? (
            <SchedulePicker
              value={sendAt}
              timeZone={timeZone}
              now={now()}
              onChange={(value, zone) => {
                setSendAt(value);
                setTimeZone(zone);
                setPreview(null);
              }}
            />
          ) : null}
          <div className="merge-window">
            <WindowFields
              draft={batchWindow}
              onChange={(next) => {
                setBatchWindow(next);
                setPreview(null);
              }}
              legend={t('merge.windowLegend')}
              enabledLabel={t('merge.windowEnabled')}
            />
            <p className="hint">{t('merge.windowHint')}</p>
          </div>
          <FormProblem problem={problem} />
          <div className="form-actions">
            <button type="button" className="button secondary" disabled={busy} onClick={() => void run(false)}>
              {t('merge.preview')}
            </button>
          </div>
        </div>
        {preview ? (
          <div ref={previewCard} tabIndex={-1} className="card merge-preview" aria-label={t('merge.previewTitle')}>
            <p role="status">
              {t('merge.summary', { rows: format.number(preview.rows), valid: format.number(valid), columns: preview.columns.join(', ') })}{' '}
              {preview.eta ? t('merge.eta', { when: format.dateTime(preview.eta) }) : null}
            </p>
            <div className="merge-table-wrap">
              <table className="merge-table">
                <thead>
                  <tr>
                    <th scope="col">{t('merge.row')}</th>
                    <th scope="col">{t('merge.to')}</th>
                    <th scope="col">{t('compose.subject')}</th>
                    <th scope="col">{t('merge.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.preview.map((row) => (
                    <tr key={row.row} className={row.problem ? 'bad' : undefined}>
                      <td>{row.row}</td>
                      <td>{row.to}</td>
                      <td>{row.subject}</td>
                      <td>{row.problem ? (row.problem.column ? `${row.problem.column}: ${row.problem.reason}` : row.problem.reason) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {firstMessage ? (
              // The message itself, as the first good row will receive it: what the subject alone cannot show.
              <figure className="merge-first" aria-labelledby="merge-first-caption">
                <figcaption id="merge-first-caption">{t('merge.firstMessage', { row: firstMessage.row, to: firstMessage.to })}</figcaption>
                <p className="merge-body">{firstMessage.text}</p>
              </figure>
            ) : null}
            {preview.skipped.length > 0 ? (
              <>
                <p className="form-problem">{t('merge.badRows', { count: preview.skipped.length })}</p>
                <ul className="merge-problems">
                  {preview.skipped.slice(0, 100).map((bad) => (
                    <li key={bad.row}>{t('merge.badRow', { row: bad.row, column: bad.column || '—', reason: bad.reason })}</li>
                  ))}
                </ul>
                <label className="radio">
                  <input type="checkbox" checked={skipInvalid} onChange={(event) => setSkipInvalid(event.target.checked)} /> {t('merge.skipInvalid')}
                </label>
              </>
            ) : null}
            <div className="form-actions">
              <button type="button" className="button primary" disabled={busy || valid === 0 || (preview.skipped.length > 0 && !skipInvalid)} onClick={() => void run(true)}>
                {t('merge.queue', { count: preview.skipped.length > 0 ? valid : preview.rows, n: format.number(preview.skipped.length > 0 ? valid : preview.rows) })}
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
