// The one IPC contract between the UI and the main process: every request channel with its zod
// input and output, every push with its payload. The preload, the main-side handler map, the
// loopback transport and the renderer client are all derived from these two maps, so a channel
// added, renamed or removed here fails to compile wherever it is not handled.
import { z } from 'zod';
import { backgroundSetSchema, backgroundStatusSchema } from './background';
import { accountLimitOverridesSchema, emailStatusSchema } from './domain';
import { oauthKindSchema, providerKindSchema } from './providers/index';
import { batchDetailSchema, batchSummarySchema, mergeResultSchema } from './batch';
import { attachmentInputSchema, messageInputSchema } from './message-schema';
import { accountSummarySchema, draftIdSchema as draftId, draftSchema, emailDetailSchema, emailListItemSchema, pickedFileSchema, processProgressSchema, processSummarySchema, queueCountsSchema } from './output-schemas';
import { MAX_LATE_MINUTES, settingsSchema } from './settings';
import { sendingWindowSchema } from './sending-window';
import { settingsLookupSchema } from './settings-lookup';
import type { Result } from './result';

const id = z.number().int().positive();
const isoDate = z.string();
const none = z.object({}).strict();
const nothing = z.null();

// ——— outputs: declared once in output-schemas.ts (the engine's types are their z.infer) ———

export * from './output-schemas';

// ——— inputs ———

/** Send time: ISO-8601; without an offset it is read in `timeZone` (default: this computer's). */
const sendAtFields = {
  sendAt: z.string().max(64).nullish(),
  timeZone: z.string().max(64).nullish(),
};
/** "Don't send if more than … late" (`enqueue --expires-after`), in minutes. */
const expiresAfterMinutes = z.number().int().min(1).max(MAX_LATE_MINUTES).nullish();

export const enqueueInputSchema = z
  .object({
    accountId: id,
    message: messageInputSchema,
    ...sendAtFields,
    maxAttempts: z.number().int().min(1).max(20).nullish(),
    expiresAfterMinutes,
    /** "Send now" from the window: leave after the undo delay (settings.undoSendSeconds), not at once. */
    undoable: z.boolean().optional(),
    /** An RFC 5545 rule (FREQ=WEEKLY;BYDAY=MO…): the first occurrence of a repeating series. */
    repeat: z.string().max(500).nullish(),
  })
  .strict();

export const editInputSchema = z
  .object({ id, accountId: id.optional(), message: messageInputSchema, ...sendAtFields, maxAttempts: z.number().int().min(1).max(20).nullish(), expiresAfterMinutes })
  .strict();

export const listInputSchema = z
  .object({
    status: emailStatusSchema.optional(),
    accountId: id.optional(),
    search: z.string().max(200).optional(),
    /** Only the mail counted in `attention`. */
    attention: z.boolean().optional(),
    /** `leaving`: waiting mail by when it leaves, finished mail newest first (the outbox's tabs). */
    order: z.enum(['created', 'leaving']).default('created'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

/** Changes the Settings view may make (retry tuning stays with the CLI and the defaults). */
export const settingsPatchSchema = settingsSchema
  .pick({ batchSize: true, maxAttempts: true, schedulerCron: true, paused: true, startAtLogin: true, language: true, quickTimes: true, theme: true, undoSendSeconds: true, lateMail: true, lateAfterMinutes: true })
  .partial()
  .strict();

/**
 * Adding an account of any provider: its kind, the settings its descriptor asks for (checked by
 * the descriptor's schema in main), and the credential its descriptor says it takes.
 */
export const accountAddInputSchema = z
  .object({
    kind: providerKindSchema,
    email: z.string().trim().min(1).max(320),
    displayName: z.string().max(200).nullish(),
    settings: z.record(z.string(), z.unknown()).default({}),
    credential: z.discriminatedUnion('type', [
      /** Required when the settings need one; never stored outside the keychain. */
      z.object({ type: z.literal('password'), password: z.string().max(1024).nullish() }).strict(),
      /** Sign in through the system browser; resolves when the user has signed in (or cancelled). */
      z.object({ type: z.literal('oauth') }).strict(),
    ]),
    /** Password providers: connect and log in before storing (default); false stores unchecked. */
    verify: z.boolean().default(true),
  })
  .strict();

/** A mail merge from the app: the template as an object, the data file's bytes in base64. */
export const mergeInputSchema = z
  .object({
    accountId: id,
    template: z.record(z.string(), z.unknown()),
    /** 20 MB of CSV, base64 (the engine gives the clear size message). */
    dataBase64: z.string().max(28 * 1024 * 1024, 'the data file is larger than 20 MB'),
    dataName: z.string().min(1).max(255),
    name: z.string().trim().min(1).max(200),
    ...sendAtFields,
    /** The batch's own sending window, inside its account's (null: the account's alone). */
    window: sendingWindowSchema.nullish(),
    skipInvalid: z.boolean().default(false),
    /** Send every row, even to a recipient an earlier row already mails. */
    allowDuplicates: z.boolean().default(false),
  })
  .strict();

export const NAVIGATE_VIEWS = ['outbox', 'failed', 'email', 'accounts', 'account', 'settings', 'compose'] as const;

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

/** Request channels: invoke/handle, answered with the `Result` envelope of `output`. */
export const requestContract = {
  'accounts:list': channel(none, z.array(accountSummarySchema)),
  /** Any provider, as its descriptor (src/shared/providers) describes it. */
  'accounts:add': channel(accountAddInputSchema, accountSummarySchema),
  'accounts:cancelLink': channel(none, nothing),
  /**
   * Whether each OAuth provider can sign in here: Gmail and Outlook need an OAuth client id in
   * the configuration (docs/gmail.md, docs/outlook.md); `missing` names the variables to set.
   */
  'accounts:providers': channel(none, z.array(z.object({ provider: oauthKindSchema, ready: z.boolean(), missing: z.array(z.string()) }))),
  /**
   * Proposes a provider's settings for an address, where its descriptor says they can be looked
   * up (`settingsFromAddress`; SMTP: known services, Mozilla autoconfig, ISPDB, DNS SRV/MX);
   * `found` is null when nothing knows the domain. Nothing is stored.
   */
  'accounts:findSettings': channel(z.object({ kind: providerKindSchema, email: z.string().trim().min(3).max(320) }).strict(), settingsLookupSchema),
  /**
   * Signs in again (OAuth) or stores a new password; held mail is released. A password
   * provider's `settings` change only the keys they name, checked by its descriptor's schema
   * (merged with what is stored) and by logging in before anything is stored.
   */
  'accounts:relink': channel(
    z
      .object({
        id,
        password: z.string().max(1024).nullish(),
        settings: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    accountSummarySchema,
  ),
  /** A password provider's account settings, parsed by its descriptor's schema (for the relink form); null for OAuth accounts. */
  'accounts:settings': channel(z.object({ id }).strict(), z.record(z.string(), z.unknown()).nullable()),
  'accounts:setActive': channel(z.object({ id, active: z.boolean() }).strict(), accountSummarySchema),
  /**
   * `moveTo` first moves the account's scheduled, queued and held mail to that account; `force`
   * cancels what is left unsent; without it, unsent mail is a conflict.
   */
  'accounts:remove': channel(
    z.object({ id, force: z.boolean().default(false), moveTo: id.optional() }).strict(),
    z.object({ cancelled: z.number().int(), moved: z.number().int() }),
  ),
  /** What removing the account would touch: mail that can move, and mail being sent or uncertain. */
  'accounts:unsent': channel(z.object({ id }).strict(), z.object({ movable: z.number().int(), stuck: z.number().int() })),
  /** Replaces the overrides (`{}` resets to the provider's defaults). */
  'accounts:setLimits': channel(z.object({ id, limits: accountLimitOverridesSchema }).strict(), accountSummarySchema),
  /** The account's sending window (null: send at any time). */
  'accounts:setWindow': channel(z.object({ id, window: sendingWindowSchema.nullable() }).strict(), accountSummarySchema),

  /** `undoUntil`: an undoable send may be taken back with queue:undoSend until then. */
  'queue:enqueue': channel(enqueueInputSchema, z.object({ id, undoUntil: isoDate.nullable().optional() })),
  /** Takes back an undoable send before it leaves (removed, as if never queued); conflict if too late. */
  'queue:undoSend': channel(z.object({ id }).strict(), nothing),
  'queue:edit': channel(editInputSchema, z.object({ id })),
  /**
   * "Send again to the refused recipients": queues the message (recipients as the user edited
   * them) as a new email; the sent original's refusals are marked as resent, out of attention.
   */
  'queue:resendRefused': channel(enqueueInputSchema.extend({ originalId: id }).strict(), z.object({ id })),
  'queue:reschedule': channel(z.object({ id, ...sendAtFields, sendAt: z.string().min(1).max(64) }).strict(), nothing),
  'queue:cancel': channel(z.object({ id }).strict(), nothing),
  'queue:retry': channel(z.object({ id }).strict(), z.object({ count: z.number().int() })),
  /** Only failed mail a retry may fix; `left` counts the rest (refused for good: edit them). */
  'queue:retryAllFailed': channel(z.object({ accountId: id.optional() }).strict(), z.object({ count: z.number().int(), left: z.number().int() })),
  'queue:markSent': channel(z.object({ id }).strict(), nothing),
  /** Repeating mail, by the id of any of its occurrences: stop the series, or skip its next occurrence. */
  'series:stop': channel(z.object({ id }).strict(), z.object({ cancelled: z.number().int() })),
  'series:skip': channel(z.object({ id }).strict(), z.object({ skipped: z.number().int(), next: z.number().int().nullable() })),
  'queue:list': channel(listInputSchema, z.object({ items: z.array(emailListItemSchema), hasMore: z.boolean() })),
  'queue:get': channel(z.object({ id }).strict(), emailDetailSchema),
  'queue:counts': channel(none, queueCountsSchema),
  /** Sends what is due now (the "send now" button); never overlaps a running batch. */
  'queue:processNow': channel(none, nothing),

  /** Validates every row and renders the first ones; writes nothing. */
  'merge:preview': channel(mergeInputSchema, mergeResultSchema),
  /** Queues the batch in one transaction (all rows, or with skipInvalid the valid ones). */
  'merge:queue': channel(mergeInputSchema, mergeResultSchema),
  'batches:list': channel(none, z.array(batchSummarySchema)),
  'batches:get': channel(z.object({ id }).strict(), batchDetailSchema),
  'batches:pause': channel(z.object({ id }).strict(), z.object({ count: z.number().int() })),
  'batches:resume': channel(z.object({ id }).strict(), z.object({ count: z.number().int() })),
  'batches:cancel': channel(z.object({ id }).strict(), z.object({ count: z.number().int() })),

  'settings:get': channel(none, settingsSchema),
  'settings:update': channel(settingsPatchSchema, settingsSchema),

  /** "Keep sending when Facteur is closed": the per-user OS job, as the OS reports it. */
  'background:status': channel(none, backgroundStatusSchema),
  /** Installs (or updates the interval of) the job, or removes it; answers the new status. */
  'background:set': channel(backgroundSetSchema, backgroundStatusSchema),

  'drafts:list': channel(none, z.array(draftSchema)),
  /** Without an id a new draft is made; with one it is replaced (or created under that id). */
  'drafts:save': channel(z.object({ id: draftId.optional(), content: z.record(z.string(), z.unknown()) }).strict(), draftSchema),
  'drafts:delete': channel(z.object({ id: draftId }).strict(), nothing),
  /**
   * Stores one attachment of draft `draftId` in the content-addressed store (by a picked path, or
   * by its bytes when the browser gives no path), pinned until the draft is deleted. The compose
   * form then refers to it by checksum, in its draft and when it queues.
   */
  'drafts:attach': channel(
    z
      .object({
        draftId,
        filename: attachmentInputSchema.shape.filename.unwrap(),
        contentType: attachmentInputSchema.shape.contentType,
        path: z.string().min(1).max(4096).optional(),
        contentBase64: attachmentInputSchema.shape.contentBase64,
      })
      .strict()
      .refine((value) => (value.path === undefined) !== (value.contentBase64 === undefined), { message: 'give exactly one of path or contentBase64', path: ['path'] }),
    z.object({ sha256: z.string(), size: z.number().int(), filename: z.string(), contentType: z.string() }),
  ),

  /** Native file picker; the chosen paths may then be given as attachments. */
  'dialog:openFiles': channel(z.object({ title: z.string().max(200).optional() }).strict(), z.array(pickedFileSchema)),

  /** `fileDialog`: whether "Attach files" has a native dialog (else the page uses a file input). */
  'app:info': channel(
    none,
    z.object({ version: z.string(), timeZone: z.string(), platform: z.string(), transport: z.enum(['electron', 'loopback']), fileDialog: z.boolean() }),
  ),
  /** Only provider help pages and sign-in pages on the allowlist; anything else is refused. */
  'app:openExternal': channel(z.object({ url: z.url().max(2048) }).strict(), nothing),
} as const;

/** Pushes: main → renderer (send/on), payloads validated by the renderer client. */
export const pushContract = {
  'queue:changed': none,
  'queue:counts': queueCountsSchema,
  'accounts:changed': z.object({ accountId: id.nullable() }),
  'batch:progress': z.discriminatedUnion('phase', [
    z.object({ phase: z.literal('started') }),
    z.object({ phase: z.literal('progress'), progress: processProgressSchema }),
    z.object({ phase: z.literal('finished'), summary: processSummarySchema }),
  ]),
  /** A notification was clicked: show that view. */
  navigate: z.object({ view: z.enum(NAVIGATE_VIEWS), emailId: id.optional(), accountId: id.optional() }),
} as const;

export type RequestContract = typeof requestContract;
export type PushContract = typeof pushContract;
export type RequestChannel = keyof RequestContract;
export type PushChannel = keyof PushContract;
/** What a caller gives (defaults may be left out). */
export type RequestInput<C extends RequestChannel> = z.input<RequestContract[C]['input']>;
/** What a handler receives after parsing (defaults filled in). */
export type ParsedInput<C extends RequestChannel> = z.output<RequestContract[C]['input']>;
export type RequestOutput<C extends RequestChannel> = z.output<RequestContract[C]['output']>;
export type PushPayload<C extends PushChannel> = z.output<PushContract[C]>;
export type NavigateTarget = PushPayload<'navigate'>;

export const REQUEST_CHANNELS = Object.keys(requestContract) as RequestChannel[];
export const PUSH_CHANNELS = Object.keys(pushContract) as PushChannel[];

export const isRequestChannel = (value: unknown): value is RequestChannel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(requestContract, value);
export const isPushChannel = (value: unknown): value is PushChannel =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(pushContract, value);

/**
 * What the preload exposes as `window.facteur` and what the loopback transport imitates: the raw
 * transport. The typed client (ipc-client.ts) is built on top of it.
 */
export interface FacteurBridge {
  invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>>;
  /** Returns a function that unsubscribes. */
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void;
}
