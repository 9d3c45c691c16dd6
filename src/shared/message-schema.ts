// The message a user queues: the CLI's message file, the compose form and the IPC input share it.
import { z } from 'zod';
import { addressProblem, headerTextProblem } from './address';

const headerText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = headerTextProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const recipientSchema = z
  .object({
    address: z
      .string()
      .trim()
      .superRefine((value, ctx) => {
        const problem = addressProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: `not a valid email address: ${problem}` });
      }),
    name: headerText(200).nullish(),
  })
  .strict();
export type Recipient = z.infer<typeof recipientSchema>;

/**
 * An attachment is a file on disk (`path`), inline bytes (`contentBase64`), or a file Facteur
 * already stores (`sha256`, as `show --json` lists it — how "edit and resend" keeps attachments).
 */
/**
 * Bidirectional controls (U+200E/F, U+202A–E, U+2066–9) make "invoice\u202Etxt.exe" read as
 * "invoiceexe.txt" in the recipient's mail client: refused in any attachment name.
 */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Why `name` cannot be an attachment's file name (line breaks, controls, bidi), or null. */
export function attachmentNameProblem(name: string): string | null {
  const header = headerTextProblem(name);
  if (header) return header;
  if (BIDI_CONTROLS.test(name)) return 'must not contain bidirectional control characters (they disguise the file type)';
  return null;
}

export const attachmentInputSchema = z
  .object({
    path: z.string().min(1).optional(),
    contentBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/u, 'is not valid base64')
      .optional(),
    filename: headerText(255)
      .refine((name) => !/[/\\]/u.test(name), 'must be a file name, not a path')
      .refine((name) => !BIDI_CONTROLS.test(name), 'must not contain bidirectional control characters (they disguise the file type)')
      .refine((name) => name !== '.' && name !== '..' && name.trim().length > 0, 'is not a usable file name')
      .optional(),
    contentType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/u, 'must be a MIME type such as application/pdf')
      .optional(),
    sha256: z
      .string()
      .regex(/^[a-f0-9]{64}$/u, 'must be the 64-character hexadecimal checksum of a stored attachment')
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const given = Number(value.path !== undefined) + Number(value.contentBase64 !== undefined) + Number(value.sha256 !== undefined);
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of path, contentBase64 or sha256' });
    for (const key of ['contentBase64', 'sha256'] as const) {
      if (value[key] !== undefined && value.filename === undefined) {
        ctx.addIssue({ code: 'custom', path: ['filename'], message: `is required with ${key}` });
      }
    }
  });
export type AttachmentInput = z.infer<typeof attachmentInputSchema>;

/**
 * List-Unsubscribe targets: one or more `mailto:` or `https:` URLs separated by spaces or commas
 * (angle brackets optional). Bulk senders must offer one (Gmail and Yahoo require it).
 */
export const listUnsubscribeSchema = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    const problem = listUnsubscribeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export function listUnsubscribeTargets(value: string): string[] {
  return value
    .split(/[\s,]+/u)
    .map((part) => part.replace(/^<|>$/gu, ''))
    .filter((part) => part.length > 0);
}

function listUnsubscribeProblem(value: string): string | null {
  const header = headerTextProblem(value);
  if (header) return header;
  const targets = listUnsubscribeTargets(value);
  if (targets.length === 0) return 'give a mailto: or https: URL';
  for (const target of targets) {
    if (/^mailto:/iu.test(target)) {
      const address = decodeURIComponentSafe(target.slice(7).split('?')[0] ?? '');
      const problem = addressProblem(address);
      if (problem) return `${target}: the address ${problem}`;
    } else if (/^https:\/\//iu.test(target)) {
      if (!URL.canParse(target) || /[<>"\s]/u.test(target)) return `${target} is not a valid URL`;
    } else {
      return `${target} must start with mailto: or https://`;
    }
  }
  return null;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const messageInputSchema = z
  .object({
    to: z.array(recipientSchema).default([]),
    cc: z.array(recipientSchema).default([]),
    bcc: z.array(recipientSchema).default([]),
    replyTo: recipientSchema.nullish(),
    subject: headerText(998).default(''),
    text: z.string().nullish(),
    html: z.string().nullish(),
    attachments: z.array(attachmentInputSchema).max(500, 'at most 500 attachments').default([]),
    listUnsubscribe: listUnsubscribeSchema.nullish(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.to.length + value.cc.length + value.bcc.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'at least one recipient (to, cc or bcc) is required' });
    }
    // A file sent on its own ("here it is") is a complete message; a subject alone is not.
    if (!value.text && !value.html && value.attachments.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a body or an attachment is required: give text, html or attachments' });
    }
  });
export type MessageInput = z.input<typeof messageInputSchema>;
export type Message = z.output<typeof messageInputSchema>;

/** Turns a zod issue path into the dotted form users read: `to[0].address`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The first problem of a failed parse, as `field: reason`, plus the field alone. */
export function describeZodError(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '', message: 'invalid input' };
  const field = formatPath(issue.path);
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') reason = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return { field, message: field ? `${field}: ${reason}` : reason };
}
