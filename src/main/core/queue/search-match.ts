// How a search term is looked up: which full-text index answers it, the FTS5 query it becomes,
// whether it matches so much that a tab should walk its own index instead of sorting the matches,
// and, for such a walk (tab-walk.ts), which emails of a chunk of the tab it matches. list-query.ts
// composes these into the list's query.
import { getTableName } from 'drizzle-orm';
import { preparedOnce } from '../db/prepared-once';
import type { Db } from '../db/open-database';
import { emailSearch, emailWords } from '../db/search-table';

/** Shortest term the trigram index can find (three characters make one trigram). */
const MIN_TRIGRAM_TERM = 3;

/**
 * What a search inside a tab costs either way, in µs, measured on bench/scale.ts's million emails
 * (13–15 index segments, as FTS5's automatic merging leaves them). Sorting reads every match
 * (≈ 0.5 µs each: 440–570 ms for a term in every email). Walking reads the tab a chunk at a time
 * (≈ 1 µs an email, its index read again at each chunk's offset) and asks the search index which
 * emails of the chunk match (tab-walk.ts): with one read of the chunk's id range, ≈ 1 µs per match
 * in that range, or with one lookup per email, ≈ 300 µs (a lookup seeks in every segment of the
 * index).
 */
const SORT_US_PER_MATCH = 0.5;
const TAB_US_PER_EMAIL = 1;
const RANGE_US_PER_MATCH = 1;
const LOOKUP_US_PER_EMAIL = 300;
/** How many of the newest emails are read to estimate the share of emails a term matches. */
const DENSITY_SAMPLE = 2_000;

/**
 * The statements a search inside a tab runs on each index, prepared once per open database.
 * Rowid bounds are cast: better-sqlite3 binds a JS number as a REAL, and FTS5 ignores a rowid
 * constraint that is not an INTEGER (`rowid = 1.0` returned every match).
 */
const indexStatements = preparedOnce((client) => {
  const onIndex = (table: string) => ({
    // At most `sample` matches can fall among the newest `sample` emails: read that many forwards
    // from the newest (ordered and limited, or FTS5 reads the whole rowid range: 50 ms instead of 0.2).
    density: client.prepare<[string, number, number, number], { n: number }>(
      `select count(*) as n from (select rowid as r from ${table} where ${table} match ? and rowid >= cast(? as integer)
         order by rowid limit ?) where r < ?`,
    ),
    range: client.prepare<[string, number, number], { id: number }>(
      `select -rowid as id from ${table} where ${table} match ? and rowid between cast(? as integer) and cast(? as integer)`,
    ),
    lookup: client.prepare<[string, number], { one: number }>(`select 1 as one from ${table} where ${table} match ? and rowid = cast(? as integer)`),
  });
  return {
    newest: client.prepare<[], { id: number | null }>('select max(id) as id from emails'),
    email_search: onIndex('email_search'),
    email_words: onIndex('email_words'),
  };
});

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

/** The share of all emails the term matches (on the newest ones) and the newest email's id. */
export interface MatchDensity {
  share: number;
  newest: number;
}

/**
 * Reads the share of emails a term matches on the newest DENSITY_SAMPLE: one rowid range of the
 * index, under a millisecond.
 */
export function matchDensity(db: Db, match: SearchMatch): MatchDensity {
  const statements = indexStatements(db);
  const newest = statements.newest.get()?.id ?? 0;
  const sample = Math.min(DENSITY_SAMPLE, newest);
  if (sample === 0) return { share: 0, newest };
  const { n } = statements[getTableName(match.table)].density.get(match.query, -newest, sample, sample - newest) ?? { n: 0 };
  return { share: n / sample, newest };
}

/**
 * What checking one email of a tab costs while walking it, in µs: the cheaper of reading the
 * matches in the id range a chunk spans (a tab holding 1 email in `spread` spans `spread` ids an
 * email) and looking the email up.
 */
function checkUs(share: number, spread: number): number {
  return Math.min(LOOKUP_US_PER_EMAIL, spread * share * RANGE_US_PER_MATCH);
}

/**
 * Whether a search inside a tab of `tabEmails` emails should walk the tab rather than sort the
 * matches: a page of `rows` takes ≈ rows / share emails walked, or share × all emails sorted.
 */
export function walkTabIsCheaper(density: MatchDensity, rows: number, tabEmails: number): boolean {
  const { share, newest } = density;
  if (share === 0 || tabEmails === 0) return false;
  const walkUs = (rows / share) * (TAB_US_PER_EMAIL + checkUs(share, newest / tabEmails));
  return walkUs < share * newest * SORT_US_PER_MATCH;
}

/**
 * Which of `ids` (one chunk of a tab) the term matches. One read of the ids' range when its
 * matches are few enough for the chunk, else one lookup per email.
 */
export function matchedAmong(db: Db, match: SearchMatch, ids: number[], share: number): Set<number> {
  if (ids.length === 0) return new Set();
  const statements = indexStatements(db)[getTableName(match.table)];
  const low = Math.min(...ids);
  const high = Math.max(...ids);
  if (checkUs(share, (high - low + 1) / ids.length) < LOOKUP_US_PER_EMAIL) {
    const inRange = new Set(statements.range.all(match.query, -high, -low).map((row) => row.id));
    return new Set(ids.filter((id) => inRange.has(id)));
  }
  return new Set(ids.filter((id) => statements.lookup.get(match.query, -id) !== undefined));
}
