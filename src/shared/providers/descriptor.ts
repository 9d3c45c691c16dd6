// What the CLI, the IPC contract and the UI know about a provider, written once per provider: its
// kind (the value stored in `accounts.provider`), its name, how it signs in, the settings it keeps
// and how each is asked for, its default limits and where its set-up is documented. Plain data
// and zod, so the renderer and the engine read the same descriptor.
import type { z } from 'zod';
import type { AccountLimits } from '../domain';

/** A password the user types (stored in the keychain), or OAuth in the system browser. */
export type CredentialKind = 'password' | 'oauth';

/** A text the UI translates by `key`, falling back to `en` (the CLI prints `en`). */
export interface ProviderText {
  key: string;
  en: string;
}

/** One of a yes/no field's two options in the form: `option` is the HTML option's value. */
export interface ProviderChoice<V extends boolean> {
  value: V;
  option: string;
  label: ProviderText;
}

/** One value asked for when adding an account: on the command line and in the UI's form. */
export interface ProviderField {
  /** The key in the provider's settings (or, with `linkOption`, in the sign-in options). */
  key: string;
  type: 'text' | 'integer' | 'boolean';
  label: ProviderText;
  /** Placeholder shown in the UI's form. */
  placeholder?: string;
  /** commander flag, e.g. `--host <host>` or `--workspace`; its long name is the field name in errors. */
  flag: string;
  /** The command line's help for the flag. */
  help: string;
  /** Given to the interactive sign-in (LinkOptions) rather than stored in the settings. */
  linkOption?: boolean;
  /** Not shown in the UI's form (a tuning knob for scripts). */
  cliOnly?: boolean;
  /**
   * `accounts relink`'s flag that turns the value off, where leaving every flag out keeps it:
   * SMTP's `--starttls` (secure: false) and `--no-username` (username: null).
   */
  offFlag?: { flag: string; help: string; value: false | null };
  /** The form will not submit without it. */
  required?: boolean;
  /** A yes/no drawn as a choice between two named options rather than a checkbox (SMTP's security). */
  choices?: readonly [ProviderChoice<false>, ProviderChoice<true>];
  /** Starts a new row of the form (SMTP's username, beside the password it asks for). */
  newRow?: boolean;
  /** The form input's `autocomplete` (a login: `username`), for password managers. */
  autoComplete?: string;
}

/**
 * A provider whose settings are looked up from the address, and how `accounts add --autoconfig`
 * speaks of it on stderr and applies what was found.
 */
export interface SettingsFromAddress {
  /** What the lookup finds, after the provider's name: "server" → "Looking up the SMTP server for acme.test…". */
  finds: string;
  /** The field nothing works without: when nothing is found and it was not given, the error names it. */
  key: string;
  /** What to give instead when nothing is found: "give the server with --host and --port …". */
  instead: string;
  /** One proposal in a line, after "Found " (default: each setting as `key value`). */
  describe?(settings: Record<string, unknown>): string;
  /**
   * The proposal under what the user gave (by field key, only those given). Default: each value
   * given wins over the one found; SMTP also keeps its port and TLS mode a pair.
   */
  under?(found: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown>;
}

/** An OAuth provider needs a client registered by the user before it can sign in here. */
export interface ProviderSetupNeeds {
  /** Environment variables that must be set (the first one is the client id). */
  variables: readonly string[];
  /** Said with them when they are missing, but not checked (Google's client secret, which some clients lack). */
  companions?: readonly string[];
  /** Where the client is registered (opened from the UI's set-up note). */
  console: string;
  register: ProviderText;
  consoleButton: ProviderText;
}

export interface ProviderDescriptor {
  /** Stored in `accounts.provider` and given to `accounts add --provider`; never renamed. */
  kind: string;
  label: ProviderText;
  /** The UI's button that starts adding such an account. */
  addLabel: ProviderText;
  credential: CredentialKind;
  /** The settings stored with the account, checked before anything is stored. */
  settingsSchema: z.ZodType<Record<string, unknown>>;
  fields: readonly ProviderField[];
  /**
   * Fills what the user may leave out before the schema checks (e.g. SMTP's port from its TLS
   * mode). Receives the fields' values by key; only those given are present.
   */
  completeSettings?(values: Record<string, unknown>): Record<string, unknown>;
  /**
   * Its settings can be looked up from the email address, by the implementation's `findSettings`:
   * the form looks them up when the address is left (and has a "Find settings" button), through
   * the `accounts:findSettings` channel, and `accounts add --autoconfig` applies them (SMTP).
   */
  settingsFromAddress?: SettingsFromAddress;
  /**
   * The form's rule between fields: the values to set as well when the user changes `key`
   * (SMTP's port follows its TLS mode). Receives the form's values by key.
   */
  fieldChanged?(key: string, values: Record<string, unknown>): Record<string, unknown>;
  /** The add form's title (default: "Link <label>"). */
  formTitle?: ProviderText;
  /** Whether these settings need a secret (SMTP: only with a username). Default: always. */
  needsSecret?(settings: Record<string, unknown>): boolean;
  /** The provider's documented limits for an account with these settings, before overrides. */
  defaultLimits(settings: Record<string, unknown>): AccountLimits;
  /** The guide in docs/, or null. */
  docs: string | null;
  /** Which mark the UI draws (provider-icon.tsx); unknown keys get the generic envelope. */
  icon: string;
  /** Said under the sign-in form (OAuth): what the browser will ask for. */
  linkHints?: readonly ProviderText[];
  setup?: ProviderSetupNeeds;
}
