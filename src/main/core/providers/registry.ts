// The one place providers are registered. A new provider adds a line here and nowhere else.
import type { ProviderKind } from '../../../shared/domain';
import type { EmailProvider, ProviderDeps } from './email-provider';
import { GmailProvider } from './gmail/gmail-provider';
import { OutlookProvider } from './outlook/outlook-provider';
import { SmtpProvider } from './smtp/smtp-provider';

export type ProviderRegistry = Record<ProviderKind, EmailProvider>;

export type ProviderFactories = Record<ProviderKind, (deps: ProviderDeps) => EmailProvider>;

export const PROVIDER_FACTORIES: Partial<ProviderFactories> = {
  smtp: (deps) => new SmtpProvider(deps),
  outlook: (deps) => new OutlookProvider(deps),
  gmail: (deps) => new GmailProvider(deps),
};

/** Builds every registered provider; `overrides` lets tests and benchmarks swap one out. */
export function createProviderRegistry(deps: ProviderDeps, overrides: Partial<ProviderRegistry> = {}): Partial<ProviderRegistry> {
  const registry: Partial<ProviderRegistry> = {};
  for (const [kind, factory] of Object.entries(PROVIDER_FACTORIES) as Array<[ProviderKind, ProviderFactories[ProviderKind]]>) {
    registry[kind] = factory(deps);
  }
  return { ...registry, ...overrides };
}
