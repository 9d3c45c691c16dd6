// What `accounts add` and `accounts relink` share: a descriptor field as a commander option, and
// how a credential arrives — a password or tokens on stdin, or the browser's sign-in.
import { Option } from 'commander';
import { z } from 'zod';
import type { ProviderKind } from '../../../shared/domain';
import type { ProviderField } from '../../../shared/providers/index';
import type { Engine } from '../engine';
import { invalidInput, parseInput } from '../errors';
import type { LinkedCredentials } from '../providers/email-provider';
import { openInBrowser, readStdin } from './io';

const tokensSchema = z
  .object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }),
  })
  .strict();

export const intOption = (name: string) => (value: string): number => {
  if (!/^\d+$/u.test(value)) throw invalidInput(name, `"${value}" is not a whole number`);
  return Number(value);
};

export async function readPassword(): Promise<string> {
  const password = (await readStdin()).replace(/\r?\n$/u, '');
  if (!password) throw invalidInput('password', 'nothing was read from stdin');
  return password;
}

/** OAuth credentials for `kind`: tokens from stdin, or interactive sign-in with its link options. */
export async function obtainCredentials(
  engine: Engine,
  kind: ProviderKind,
  email: string,
  options: { tokensStdin?: boolean | undefined; link?: Record<string, unknown> },
): Promise<LinkedCredentials> {
  const provider = engine.accounts.provider(kind);
  if (options.tokensStdin) {
    if (!provider.importTokens) throw invalidInput('tokens-stdin', `${kind} accounts do not use tokens`);
    let json: unknown;
    try {
      json = JSON.parse(await readStdin());
    } catch (error) {
      throw invalidInput('tokens', `stdin is not valid JSON (${(error as Error).message})`);
    }
    const tokens = parseInput(tokensSchema, json, 'tokens');
    return provider.importTokens(tokens, email);
  }
  if (!provider.link) throw invalidInput('provider', `${kind} accounts cannot be linked interactively`);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    const link = options.link ?? {};
    if (provider.linkNote) process.stderr.write(`${provider.linkNote(link)}\n`);
    process.stderr.write(`Waiting for you to sign in to ${email} in the browser…\n`);
    return await provider.link({ ...link, email, openUrl: (url) => openInBrowser(url), signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
  }
}

/** A field's commander option: integers parsed here so a bad one names the flag. */
export function fieldOption(field: ProviderField): Option {
  const option = new Option(field.flag, field.help);
  return field.type === 'integer' ? option.argParser(intOption(option.long?.replace(/^--/u, '') ?? field.key)) : option;
}
