// Where the engine finds each provider's implementation. The built-in ones are listed here, beside
// their descriptors (src/shared/providers); another provider registers both with
// `registerProvider`, in one place, and the CLI, the IPC channels, the UI and the processor find it.
import type { ProviderKind } from '../../../shared/domain';
import { gmailDescriptor } from '../../../shared/providers/gmail';
import { registerProviderDescriptor, type ProviderDescriptor } from '../../../shared/providers/index';
import { outlookDescriptor } from '../../../shared/providers/outlook';
import { smtpDescriptor } from '../../../shared/providers/smtp';
import type { EmailProvider, ProviderDeps } from './email-provider';
import { GmailProvider } from './gmail/gmail-provider';
import { OutlookProvider } from './outlook/outlook-provider';
import { SmtpProvider } from './smtp/smtp-provider';

export type ProviderRegistry = Record<ProviderKind, EmailProvider>;

export type ProviderFactory = (deps: ProviderDeps) => EmailProvider;

const factories = new Map<ProviderKind, ProviderFactory>([
  [smtpDescriptor.kind, (deps) => new SmtpProvider(deps)],
  [outlookDescriptor.kind, (deps) => new OutlookProvider(deps)],
  [gmailDescriptor.kind, (deps) => new GmailProvider(deps)],
]);

/** Adds a provider: its descriptor (what the CLI and the UI ask for) and how to build it. */
export function registerProvider(descriptor: ProviderDescriptor, create: ProviderFactory): void {
  registerProviderDescriptor(descriptor);
  factories.set(descriptor.kind, create);
}

/** Builds every registered provider; `overrides` lets tests and benchmarks swap one out. */
export function createProviderRegistry(deps: ProviderDeps, overrides: Partial<ProviderRegistry> = {}): Partial<ProviderRegistry> {
  const registry: Partial<ProviderRegistry> = {};
  for (const [kind, factory] of factories) registry[kind] = factory(deps);
  return { ...registry, ...overrides };
}
