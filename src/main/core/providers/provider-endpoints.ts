// The shape of a provider's endpoint table: each service URL Facteur calls, with the variable that
// overrides it. config.ts reads them all and refuses an override that is not https (or loopback).
export type ProviderEndpoints = Record<string, { variable: string; url: string }>;
