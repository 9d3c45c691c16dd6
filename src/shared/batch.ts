// Mail merge batches as the CLI, the IPC contract and the UI see them.
import { z } from 'zod';
import { emailStatusSchema } from './domain';
import { statusCountsSchema } from './output-schemas';
import { sendingWindowSchema } from './sending-window';

export const rowProblemSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
export type RowProblemInfo = z.infer<typeof rowProblemSchema>;

export const batchSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  accountId: z.number().int(),
  /** The sending account's address. */
  account: z.string(),
  createdAt: z.string(),
  /** Emails queued by the merge. */
  total: z.number().int(),
  /** Rows of the data file left out with --skip-invalid. */
  skipped: z.number().int(),
  counts: statusCountsSchema,
  /** When the last email should leave (ISO), null when nothing waits or the batch is paused. */
  eta: z.string().nullable(),
  paused: z.boolean(),
  /** The batch's own sending window, inside its account's (null: the account's alone). */
  window: sendingWindowSchema.nullable(),
});
export type BatchSummary = z.infer<typeof batchSummarySchema>;

export const batchRowSchema = z.object({
  row: z.number().int(),
  emailId: z.number().int().nullable(),
  to: z.string(),
  status: z.union([emailStatusSchema, z.literal('skipped')]),
  sentAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type BatchRow = z.infer<typeof batchRowSchema>;

export const batchDetailSchema = batchSummarySchema.extend({ rows: z.array(batchRowSchema) });
export type BatchDetail = z.infer<typeof batchDetailSchema>;

/** `batch pause|resume|cancel ID --json`: the batch and how many of its emails changed. */
export const batchActionResultSchema = z.union([
  z.object({ batch: z.number().int(), paused: z.number().int() }).strict(),
  z.object({ batch: z.number().int(), resumed: z.number().int() }).strict(),
  z.object({ batch: z.number().int(), cancelled: z.number().int() }).strict(),
]);
export type BatchActionResult = z.infer<typeof batchActionResultSchema>;

/** One rendered row as the merge preview shows it. */
export const previewRowSchema = z.object({
  row: z.number().int(),
  to: z.string(),
  subject: z.string(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  problem: rowProblemSchema.nullable(),
});
export type PreviewRow = z.infer<typeof previewRowSchema>;

export const mergeResultSchema = z.object({
  /** Null on a dry run. */
  batch: z.number().int().nullable(),
  queued: z.number().int(),
  skipped: z.array(rowProblemSchema),
  /** Data rows read. */
  rows: z.number().int(),
  columns: z.array(z.string()),
  delimiter: z.string(),
  eta: z.string().nullable(),
  /** The first rows, rendered (the CLI's dry run prints the first). */
  preview: z.array(previewRowSchema),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;
