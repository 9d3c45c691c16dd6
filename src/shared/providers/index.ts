// Every provider Facteur knows, by descriptor. The built-in ones are listed here; a provider
// added at run time (a plug-in, a test's fixture) registers its descriptor with
// `registerProviderDescriptor`, and the CLI, the IPC contract and the UI find it like the others.
import { z } from 'zod';
import type { ProviderDescriptor } from './descriptor';
import { gmailDescriptor } from './gmail';
import { outlookDescriptor } from './outlook';
import { smtpDescriptor } from './smtp';

export type { CredentialKind, ProviderChoice, ProviderDescriptor, ProviderField, ProviderSetupNeeds, ProviderText, SettingsFromAddress } from './descriptor';

export const BUILT_IN_DESCRIPTORS = [smtpDescriptor, gmailDescriptor, outlookDescriptor] as const;

/** The kinds built into Facteur, as stored in `accounts.provider`. */
export const BUILT_IN_KINDS = BUILT_IN_DESCRIPTORS.map((descriptor) => descriptor.kind) as [
  (typeof BUILT_IN_DESCRIPTORS)[number]['kind'],
  ...Array<(typeof BUILT_IN_DESCRIPTORS)[number]['kind']>,
];

const registered = new Map<string, ProviderDescriptor>(BUILT_IN_DESCRIPTORS.map((descriptor) => [descriptor.kind, descriptor]));

/** Adds a provider's descriptor; a kind can be registered once. */
export function registerProviderDescriptor(descriptor: ProviderDescriptor): void {
  if (!/^[a-z][a-z0-9-]{1,30}$/u.test(descriptor.kind)) throw new Error(`provider kind "${descriptor.kind}" must be lower-case letters, digits and dashes`);
  if (registered.has(descriptor.kind)) throw new Error(`provider "${descriptor.kind}" is already registered`);
  registered.set(descriptor.kind, descriptor);
}

/** Every known provider, built-in first, in the order the UI offers them. */
export function providerDescriptors(): ProviderDescriptor[] {
  return [...registered.values()];
}

export function findDescriptor(kind: string): ProviderDescriptor | undefined {
  return registered.get(kind);
}

/** The descriptor of a kind already checked to be known (a stored account's). */
export function descriptorOf(kind: string): ProviderDescriptor {
  const descriptor = registered.get(kind);
  if (!descriptor) throw new Error(`provider "${kind}" is not known here`);
  return descriptor;
}

/** "smtp, gmail or outlook": the kinds, as the CLI's help and errors list them. */
export function describeKinds(kinds: readonly string[] = [...registered.keys()]): string {
  return kinds.length <= 1 ? (kinds[0] ?? '') : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1) ?? ''}`;
}

/** A provider kind known here: built in or registered. */
export const providerKindSchema = z.string().refine((kind) => registered.has(kind), {
  error: (issue) => `"${String(issue.input)}" is not a provider; expected ${describeKinds()}`,
});

/** A provider kind that signs in through the browser. */
export const oauthKindSchema = z.string().refine((kind) => registered.get(kind)?.credential === 'oauth', {
  error: (issue) => `"${String(issue.input)}" is not a provider that signs in through the browser; expected ${describeKinds(providerDescriptors().filter((d) => d.credential === 'oauth').map((d) => d.kind))}`,
});

/** Whether an account of this kind with these settings keeps a secret in the keychain. */
export function needsSecret(kind: string, settings: Record<string, unknown>): boolean {
  return findDescriptor(kind)?.needsSecret?.(settings) ?? true;
}

/** The set-up variables this provider still needs here (empty when it can sign in). */
export function missingSetup(descriptor: ProviderDescriptor, env: Readonly<Record<string, string | undefined>>): string[] {
  return (descriptor.setup?.variables ?? []).filter((variable) => !(env[variable] ?? '').trim());
}
