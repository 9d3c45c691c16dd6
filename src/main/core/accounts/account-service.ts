// Linked accounts: add (SMTP password or OAuth tokens to the keychain, never the database), list
// with today's quota use, enable/disable, limits, relink, remove (account-removal.ts).
import { randomUUID } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import {
  accountLimitOverridesSchema,
  type AccountLimitOverrides,
  type AccountLimits,
  type AccountSummary,
  type ProviderKind,
} from '../../../shared/domain';
import { addressProblem } from '../../../shared/address';
import { descriptorOf, needsSecret } from '../../../shared/providers/index';
import { sendingWindowSchema } from '../../../shared/sending-window';
import type { SettingsLookup } from '../../../shared/settings-lookup';
import { applyWindow, readWindow } from '../windows/window-hold';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { accounts, emails } from '../db/schema';
import { FacteurError, invalidInput, notFound, parseInput } from '../errors';
import type { Logger } from '../logger';
import type { EmailProvider, LinkedCredentials, ProviderAccount } from '../providers/email-provider';
import type { ProviderRegistry } from '../providers/registry';
import type { SecretStore } from '../secrets/secret-store';
import { heldForAccount } from '../late/late-mail';
import { readProviderValues } from './provider-fields';
import { removeAccount } from './account-removal';

export type AccountRow = typeof accounts.$inferSelect;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an account's settings become after a change, and whether they then need a secret. */
export interface SettingsAfter {
  settings: Record<string, unknown>;
  needsSecret: boolean;
}

export interface AccountEvents {
  onAccountChanged?: (accountId: number) => void;
}

export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly providers: Partial<ProviderRegistry>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly events: AccountEvents = {},
  ) {}

  provider(kind: ProviderKind): EmailProvider {
    const provider = this.providers[kind];
    if (!provider) throw new FacteurError('invalid-input', `provider "${kind}" is not available in this build`, 'provider');
    return provider;
  }

  async closeProviders(): Promise<void> {
    await Promise.all(Object.values(this.providers).map((provider) => provider?.close?.()));
  }

  /** Default limits of the provider, overridden by what the user set. */
  limitsOf(row: AccountRow): AccountLimits {
    const defaults = this.provider(row.provider).defaultLimits(parseJson(row.settings));
    const overrides = accountLimitOverridesSchema.safeParse(parseJson(row.limits));
    return { ...defaults, ...(overrides.success ? stripUndefined(overrides.data) : {}) };
  }

  toProviderAccount(row: AccountRow): ProviderAccount {
    return {
      id: row.id,
      email: row.email,
      displayName: row.displayName,
      provider: row.provider,
      settings: parseJson(row.settings),
      secretRef: row.secretRef,
      limits: this.limitsOf(row),
    };
  }

  /** Finds an account by numeric id or by email address. */
  resolve(ref: string | number): AccountRow {
    const text = String(ref).trim();
    const row = /^\d+$/u.test(text)
      ? this.db.select().from(accounts).where(eq(accounts.id, Number(text))).get()
      : this.db
          .select()
          .from(accounts)
          .where(sql`lower(${accounts.email}) = ${text.toLowerCase()}`)
          .all();
    const found = Array.isArray(row) ? row : row ? [row] : [];
    if (found.length === 0) throw notFound(`account "${text}"`);
    if (found.length > 1) {
      throw new FacteurError('invalid-input', `"${text}" names several accounts (one per provider); use the account id`, 'account');
    }
    return found[0] as AccountRow;
  }

  get(id: number): AccountRow {
    return this.resolve(id);
  }

  all(): AccountRow[] {
    return this.db.select().from(accounts).orderBy(accounts.id).all();
  }

  list(): AccountSummary[] {
    const since = this.clock.now() - DAY_MS;
    const usage = new Map(
      this.db
        .select({ accountId: emails.accountId, count: sql<number>`count(*)` })
        .from(emails)
        .where(gt(emails.sentAt, since))
        .groupBy(emails.accountId)
        .all()
        .map((row) => [row.accountId, row.count]),
    );
    return this.all().map((row) => this.summarise(row, usage.get(row.id) ?? 0));
  }

  summarise(row: AccountRow, quotaUsed: number): AccountSummary {
    const overrides = accountLimitOverridesSchema.safeParse(parseJson(row.limits));
    return {
      id: row.id,
      email: row.email,
      provider: row.provider,
      displayName: row.displayName,
      active: row.active,
      state: row.state,
      stateReason: row.stateReason,
      limits: this.limitsOf(row),
      limitOverrides: overrides.success ? stripUndefined(overrides.data) : {},
      quotaUsed,
      pausedUntil: row.pausedUntil && row.pausedUntil > this.clock.now() ? new Date(row.pausedUntil).toISOString() : null,
      sendingWindow: readWindow(row.sendingWindow),
      createdAt: new Date(row.createdAt).toISOString(),
    };
  }

  /**
   * Checks that the provider accepts these credentials before anything is stored (SMTP connects
   * and logs in): a refused password is invalid input naming `password`, a server out of reach
   * is "unavailable". Providers that sign in interactively have nothing more to check.
   */
  async verify(kind: ProviderKind, credentials: Pick<LinkedCredentials, 'secret' | 'settings'>): Promise<void> {
    const provider = this.provider(kind);
    if (provider.verify) await provider.verify(credentials.settings ?? {}, credentials.secret);
  }

  /**
   * Proposed settings for an address, from the implementation's `findSettings`: only a provider
   * whose descriptor says its settings are looked up is asked. The window's "Find settings" and
   * `accounts add --autoconfig` both come here.
   */
  findSettings(kind: ProviderKind, email: string): Promise<SettingsLookup> {
    const implementation = this.provider(kind);
    const descriptor = descriptorOf(kind);
    if (!descriptor.settingsFromAddress || !implementation.findSettings) throw invalidInput('kind', `${descriptor.label.en} settings are not looked up from the address`);
    return implementation.findSettings(email);
  }

  /**
   * Stores a new account: the secret goes to the keychain first, then the row; if the row cannot
   * be written the keychain entry is removed again, so nothing is left half-made. With `verify`
   * the credentials are tried first.
   */
  async create(kind: ProviderKind, credentials: LinkedCredentials, limits: AccountLimitOverrides = {}, options: { verify?: boolean } = {}): Promise<number> {
    const problem = addressProblem(credentials.email);
    if (problem) throw invalidInput('email', `not a valid email address: ${problem}`);
    this.provider(kind);
    const existing = this.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.provider, kind), sql`lower(${accounts.email}) = ${credentials.email.toLowerCase()}`))
      .get();
    if (existing) {
      throw new FacteurError('conflict', `a ${kind} account for ${credentials.email} already exists (id ${existing.id}); use relink to renew it`, 'email');
    }
    const parsedLimits = parseInput(accountLimitOverridesSchema, limits, 'limits');
    if (options.verify) await this.verify(kind, credentials);
    const secretRef = `account-${randomUUID()}`;
    // An SMTP relay without login has no secret: nothing goes to the keychain.
    if (credentials.secret) await this.secrets.set(secretRef, credentials.secret);
    const now = this.clock.now();
    try {
      const row = this.db
        .insert(accounts)
        .values({
          email: credentials.email,
          provider: kind,
          displayName: credentials.displayName,
          settings: JSON.stringify(credentials.settings ?? {}),
          limits: JSON.stringify(parsedLimits),
          secretRef,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: accounts.id })
        .get();
      this.log.info({ accountId: row.id, provider: kind }, 'account added');
      this.events.onAccountChanged?.(row.id);
      return row.id;
    } catch (error) {
      await this.secrets.delete(secretRef).catch(() => false);
      throw error;
    }
  }

  /**
   * The one place a change of an account's settings is decided: the stored settings with
   * `changes` over them (only the keys given change), completed and checked whole by the
   * provider's schema, and whether they then need a secret. A bad value is invalid input naming
   * the field under `field` (`settings.port` for the IPC input, `port` for the command line's
   * --port). Nothing is written here: the command line and the window ask it before reading a
   * password, and relinking and `markOk` store what it returns.
   */
  settingsAfter(id: number, changes: Record<string, unknown>, field = 'settings'): SettingsAfter {
    const row = this.get(id);
    const { settings } = readProviderValues(descriptorOf(row.provider), { ...parseJson(row.settings), ...changes }, field);
    return { settings, needsSecret: needsSecret(row.provider, settings) };
  }

  /**
   * New credentials (and, for a password provider, possibly new settings: a patch, see
   * `settingsAfter`) for an existing account: back to `ok`, held mail released. With `verify`
   * they are tried first, with the whole of the new settings.
   */
  async relink(id: number, credentials: LinkedCredentials, options: { verify?: boolean } = {}): Promise<number> {
    const row = this.get(id);
    if (credentials.email.toLowerCase() !== row.email.toLowerCase()) {
      throw new FacteurError('auth-required', `signed in as ${credentials.email}, but this account is ${row.email}`);
    }
    const changes = credentials.settings;
    const after = changes ? this.settingsAfter(id, changes) : null;
    if (options.verify) await this.verify(row.provider, { secret: credentials.secret, settings: after?.settings ?? parseJson(row.settings) });
    if (credentials.secret) await this.secrets.set(row.secretRef, credentials.secret);
    // A relay without login has no keychain entry: relinking it needs no keychain.
    else if (needsSecret(row.provider, parseJson(row.settings))) await this.secrets.delete(row.secretRef);
    const released = this.markOk(id, changes);
    this.log.info({ accountId: id, released }, 'account relinked');
    return released;
  }

  /**
   * Clears needs-reauth and puts held mail back: queued if due, scheduled if not. `changes` to
   * the settings are decided by `settingsAfter` on the row as it is inside the transaction; a bad
   * one throws before anything is written.
   */
  markOk(id: number, changes?: Record<string, unknown>): number {
    const now = this.clock.now();
    return writeTransaction(this.db, () => {
      const row = this.get(id);
      const nextSettings = changes ? JSON.stringify(this.settingsAfter(id, changes).settings) : row.settings;
      this.db
        .update(accounts)
        .set({ state: 'ok', stateReason: null, pausedUntil: null, settings: nextSettings, updatedAt: now })
        .where(eq(accounts.id, id))
        .run();
      const released = this.db
        .update(emails)
        .set({
          status: sql`case when ${emails.sendAt} > ${now} then 'scheduled' else 'queued' end`,
          nextAttemptAt: sql`max(${emails.nextAttemptAt}, ${now})`,
          updatedAt: now,
        })
        .where(and(eq(emails.accountId, id), eq(emails.status, 'held'), heldForAccount))
        .run().changes;
      this.events.onAccountChanged?.(id);
      return released;
    });
  }

  markNeedsReauth(id: number, reason: string): void {
    const now = this.clock.now();
    const row = this.get(id);
    if (row.state === 'needs-reauth') return;
    this.db.update(accounts).set({ state: 'needs-reauth', stateReason: reason, updatedAt: now }).where(eq(accounts.id, id)).run();
    this.log.warn({ accountId: id, reason }, 'account needs to be linked again; its mail is held');
    this.events.onAccountChanged?.(id);
  }

  pause(id: number, until: number): void {
    this.db
      .update(accounts)
      .set({ pausedUntil: sql`max(coalesce(${accounts.pausedUntil}, 0), ${until})`, updatedAt: this.clock.now() })
      .where(eq(accounts.id, id))
      .run();
  }

  setActive(id: number, active: boolean): void {
    this.get(id);
    this.db.update(accounts).set({ active, updatedAt: this.clock.now() }).where(eq(accounts.id, id)).run();
    this.events.onAccountChanged?.(id);
  }

  setLimits(id: number, overrides: unknown): AccountLimits {
    const parsed = parseInput(accountLimitOverridesSchema, overrides, 'limits');
    this.get(id);
    this.db.update(accounts).set({ limits: JSON.stringify(parsed), updatedAt: this.clock.now() }).where(eq(accounts.id, id)).run();
    this.events.onAccountChanged?.(id);
    return this.limitsOf(this.get(id));
  }

  /**
   * Sets (or with null clears) the days and hours the account may send. Its due mail moves to the
   * opening at once; mail held for a previous window goes back to its own time first.
   */
  setWindow(id: number, window: unknown): AccountSummary {
    const parsed = window === null ? null : parseInput(sendingWindowSchema, window, 'window');
    this.get(id);
    const now = this.clock.now();
    writeTransaction(this.db, () => {
      this.db.update(accounts).set({ sendingWindow: parsed === null ? null : JSON.stringify(parsed), updatedAt: now }).where(eq(accounts.id, id)).run();
      applyWindow(this.db, { accountId: id }, now);
    });
    this.events.onAccountChanged?.(id);
    return this.list().find((account) => account.id === id) as AccountSummary;
  }

  setDisplayName(id: number, displayName: string | null): void {
    this.get(id);
    this.db.update(accounts).set({ displayName, updatedAt: this.clock.now() }).where(eq(accounts.id, id)).run();
  }

  /**
   * Deletes the account, its history and its keychain entry (account-removal.ts). Refuses while
   * it has mail waiting to go unless `force`, which cancels that mail first. Returns the number cancelled.
   */
  async remove(id: number, force = false): Promise<number> {
    const row = this.get(id);
    // A password-less SMTP relay never had a keychain entry; do not require a keychain to remove it.
    const hasSecret = needsSecret(row.provider, parseJson(row.settings));
    const cancelled = await removeAccount({ db: this.db, secrets: this.secrets, log: this.log }, row, hasSecret, force);
    this.events.onAccountChanged?.(id);
    return cancelled;
  }
}

export function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]-?: Exclude<T[K], undefined>;
  };
}
