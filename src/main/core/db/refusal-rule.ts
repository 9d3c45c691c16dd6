// Which recipient refusals still need the user, as one SQL condition on a `recipient_outcomes`
// row aliased `r`: refused, and not yet sent again to (resent_as). Plain text with no imports,
// so both the drizzle queries (queue/attention.ts) and the command line's fast status path
// (db/status-counts.ts) use the very same rule.
export const REFUSAL_NEEDS_USER = "r.outcome = 'refused' and r.resent_as is null";
