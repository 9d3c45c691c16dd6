// The mail a series' occurrences are made from, stored as JSON on the series row. Attachments are
// kept by checksum only: their bytes stay in the content-addressed store (attachments/), which the
// collector keeps while an active series refers to them (attachments/garbage.ts).
import type { Message } from '../../../shared/message-schema';
import type { PreparedEmail } from '../queue/enqueue-preparation';

export interface TemplateFile {
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface SeriesTemplate {
  message: Omit<Message, 'attachments'>;
  attachments: TemplateFile[];
  recipientCount: number;
  sizeBytes: number;
  /** `--expires-after`, for every occurrence (absent in templates stored before it was kept). */
  expiresAfterMinutes?: number | null;
}

export function templateOf(email: PreparedEmail): string {
  const { attachments: _inputs, ...message } = email.message;
  const template: SeriesTemplate = {
    message,
    attachments: email.attachments.map((file) => ({ sha256: file.blob.sha256, filename: file.filename, contentType: file.contentType, size: file.blob.size })),
    recipientCount: email.recipientCount,
    sizeBytes: email.sizeBytes,
    expiresAfterMinutes: email.expiresAfterMinutes,
  };
  return JSON.stringify(template);
}

export const readTemplate = (json: string): SeriesTemplate => JSON.parse(json) as SeriesTemplate;
