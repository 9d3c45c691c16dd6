// How a search term is looked up: which full-text index answers it, the FTS5 query it becomes, and
// whether it matches so much that a tab should walk its own index instead of sorting the matches
// (list-query.ts composes these into the list's one query).
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { emails } from '../db/schema';
import { emailSearch, emailWords } from '../db/search-table';

/** Shortest term the trigram index can find (three characters make one trigram). */
const MIN_TRIGRAM_TERM = 3;

/**
 * What a search inside a tab costs either way, in µs, measured at a million emails
 * (bench/scale.ts's database): sorting reads every match (≈ 0.5 µs each: 440–570 ms for a term in
 * every email); walking the tab's index looks each email it meets up in the search index, ≈ 15–45 µs
 * while the tab runs newest first (the index's forward order) and ≈ 250–600 µs when it runs
 * oldest first (each lookup steps back).
 */
const SORT_US_PER_MATCH = 0.5;
const WALK_US_PER_EMAIL = { latestFirst: 30, oldestFirst: 300 };
/** How many of the newest emails are read to estimate the share of emails a term matches. */
const DENSITY_SAMPLE = 2_000;

export interface SearchMatch {
  /** The index that answers: trigrams for 3+ characters, words for 1–2. */
  table: typeof emailSearch | typeof emailWords;
  /** The FTS5 query. */
  query: string;
}

/** The term as one FTS5 phrase: operators and quotes taken literally. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * 3+ characters: the trigram index, the term matched as a contiguous substring anywhere.
 * 1–2 characters (too short for a trigram): the word index, the term matched as the start of a
 * word, case and accents folded ("cl" finds ann@client.example, "dí" finds Díaz; "7@" is the word
 * start "7", so it finds 7@shop.example but not client7@). A term with no letter or digit at all
 * ("@", "--") holds no word: FTS5 reads it as an empty phrase, which matches nothing — rather than
 * a scan of every email, which took 1.6 s at a million.
 */
export function searchMatch(term: string): SearchMatch {
  if ([...term].length >= MIN_TRIGRAM_TERM) return { table: emailSearch, query: ftsPhrase(term) };
  return { table: emailWords, query: `${ftsPhrase(term)}*` };
}

/** The index as the query's driving table: its rows are the matches. */
export function matchCondition(match: SearchMatch): SQL {
  return sql`${match.table} match ${match.query}`;
}

/**
 * The email is among the matches: its rowid (minus its id) looked up in the index. Cheap while the
 * emails come newest first (the front of the index's doclists); an old email, deep in a long
 * doclist, costs ≈ 15× more a lookup.
 */
export function isMatched(match: SearchMatch): SQL {
  return sql`exists (select 1 from ${match.table} where ${match.table} match ${match.query} and ${match.table.rowid} = -${emails.id})`;
}

/**
 * Whether a search inside a tab should walk the tab's index rather than sort the matches. The
 * share of emails the term matches is estimated on the newest DENSITY_SAMPLE (one rowid range of
 * the index, under a millisecond); a page of `rows` then takes ≈ rows / share emails walked, or
 * share × all emails sorted, whichever the measured costs make cheaper.
 */
export function walkTabIsCheaper(db: Db, match: SearchMatch, rows: number, latestFirst: boolean): boolean {
  const newest = db.get<{ id: number | null }>(sql`select max(${emails.id}) as id from ${emails}`).id ?? 0;
  const sample = Math.min(DENSITY_SAMPLE, newest);
  if (sample === 0) return false;
  // At most `sample` matches can fall among the newest `sample` emails: read that many forwards from
  // the newest (ordered and limited, or FTS5 reads the whole rowid range: 50 ms instead of 0.2).
  // The bound is cast: better-sqlite3 binds a JS number as a REAL, and FTS5 ignores a rowid
  // constraint that is not an INTEGER (`rowid = 1.0` returned every match).
  const { n } = db.get<{ n: number }>(
    sql`select count(*) as n from (select ${match.table.rowid} as r from ${match.table}
      where ${match.table} match ${match.query} and ${match.table.rowid} >= cast(${-newest} as integer)
      order by ${match.table.rowid} limit ${sample}) where r < ${sample - newest}`,
  );
  const share = n / sample;
  if (share === 0) return false;
  const walkUs = (rows / share) * (latestFirst ? WALK_US_PER_EMAIL.latestFirst : WALK_US_PER_EMAIL.oldestFirst);
  return walkUs < share * newest * SORT_US_PER_MATCH;
}
