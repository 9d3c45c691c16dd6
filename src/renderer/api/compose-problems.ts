// What is wrong with a compose form, in the user's words and language: "Recipient 2 in To: needs
// a domain with a dot", not `to[1].address: not a valid email address: …`. The same wording for
// the form's own checks and for the engine's answer (whose field paths name the IPC input).
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { translateAddressProblem } from './problems';

export interface ComposeProblem {
  /** to, cc, bcc, subject, text, attachments, sendAt, timeZone, account… */
  field: string;
  /** Position in a list (recipient, attachment), 0-based. */
  index?: number;
  /** The reason as the schema or engine gave it, or `duplicate`. */
  reason: string;
  detail?: string;
}

/** `message.to[1].address` → { field: 'to', index: 1 }. */
export function parseField(path: string): { field: string; index?: number } {
  const match = /^(?:message\.)?([A-Za-z]+)(?:\[(\d+)\])?/u.exec(path);
  if (!match) return { field: path };
  return match[2] === undefined ? { field: match[1] as string } : { field: match[1] as string, index: Number(match[2]) };
}

export function firstProblem(error: z.ZodError): ComposeProblem {
  const issue = error.issues[0];
  if (!issue) return { field: '', reason: 'invalid input' };
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./u, '');
  return { ...parseField(path), reason: issue.message };
}

/** An engine error envelope as a compose problem, when it names a field. */
export function problemFromError(error: { code: string; message: string; field?: string }): ComposeProblem | null {
  if (error.code !== 'invalid-input' || !error.field) return null;
  const reason = error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return { ...parseField(error.field), reason };
}

const ADDRESS_REASON = /^not a valid email address: (.*)$/u;

function reasonText(t: TFunction, problem: ComposeProblem): string {
  if (problem.reason === 'duplicate') return t('compose.problem.duplicate', { address: problem.detail ?? '' });
  const address = ADDRESS_REASON.exec(problem.reason);
  if (address) return translateAddressProblem(t, address[1] as string);
  if (/at least one recipient/u.test(problem.reason)) return t('compose.problem.noRecipient');
  if (/body or an attachment is required/u.test(problem.reason)) return t('compose.problem.noBody');
  if (/more than .* may send in one message/u.test(problem.reason)) return t('compose.problem.tooManyRecipients', { detail: problem.reason });
  if (/the message would be about/u.test(problem.reason)) return t('compose.problem.tooBig', { detail: problem.reason });
  if (/no stored attachment has this checksum/u.test(problem.reason)) return t('compose.problem.attachmentGone');
  if (/in the past/u.test(problem.reason)) return t('compose.schedule_past');
  return problem.reason;
}

export function describeProblem(t: TFunction, problem: ComposeProblem): string {
  const reason = reasonText(t, problem);
  const { field, index } = problem;
  if ((field === 'to' || field === 'cc' || field === 'bcc') && index !== undefined) {
    return t('compose.problem.recipient', { n: index + 1, field: t(`compose.${field}`), reason });
  }
  if (field === 'attachments' && index !== undefined) return t('compose.problem.attachment', { n: index + 1, reason });
  if (field === 'subject') return t('compose.problem.subject', { reason });
  return reason;
}
