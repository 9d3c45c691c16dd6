// `tsx bench/pacing.ts [--smoke]`: how much of a provider's allowed rate the real engine uses,
// against the local fake Gmail and Graph servers with their per-minute limits on, and how many
// over-limit answers (429/403) it provokes. Time is compressed: the engine and the fake Gmail share
// a clock running SCALE× faster than real time (a "minute" of pacing lasts 60/SCALE real seconds);
// the fake Graph's rate window is set to that real duration, and its Retry-After (real seconds)
// is translated to engine seconds by the HTTP transport. Writes bench/results/pacing.json.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../src/main/core/engine';
import { readConfig } from '../src/main/core/config';
import { systemClock, type Clock } from '../src/main/core/clock';
import { silentLogger } from '../src/main/core/logger';
import { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store';
import { createHttpTransport, type HttpTransport } from '../src/main/core/providers/outlook/graph-http';
import { estimateFinish } from '../src/main/core/merge/batch-eta';
import { OUTLOOK_DEFAULT_LIMITS, OutlookProvider } from '../src/main/core/providers/outlook/outlook-provider';
import { FakeGoogle } from '../test/fakes/fake-google';
import { FakeMicrosoft } from '../test/fakes/fake-microsoft';
import { createTestCa } from '../test/fakes/test-ca';
import { SMOKE, message, printFigures, round, runMain, writeResults, type Figure } from './support';

const SCALE = Number(process.env.BENCH_PACING_SCALE ?? (SMOKE ? 8 : 4));
const MINUTES = Number(process.env.BENCH_PACING_MINUTES ?? (SMOKE ? 2 : 4));
const GMAIL_PER_MINUTE = 60;
const GRAPH_PER_MINUTE = OUTLOOK_DEFAULT_LIMITS.perMinute;
const GRAPH_LATENCY_MS = 20;
const MINUTE = 60_000;
const TARGET_SHARE = 95;

/** Engine time: starts at the real time, runs SCALE× faster. */
function scaledClock(origin: number): Clock {
  return {
    now: () => origin + (Date.now() - origin) * SCALE,
    sleep: (ms, signal) => systemClock.sleep(ms / SCALE, signal),
  };
}

interface ProviderResult {
  limitPerMinute: number;
  sentInWindow: number;
  allowedInWindow: number;
  sharePercent: number;
  overLimit: number;
  overLimitAfterFirst: number;
  firstOverLimitAtSeconds: number | null;
  acceptedTotal: number;
}

function share(acceptedAt: number[], overLimitAt: number[], perMinute: number): ProviderResult {
  const sorted = [...acceptedAt].sort((a, b) => a - b);
  const start = sorted[0] ?? 0;
  const windowEnd = start + MINUTES * MINUTE;
  const sentInWindow = sorted.filter((at) => at < windowEnd).length;
  const allowedInWindow = perMinute * MINUTES;
  const firstOver = overLimitAt.length > 0 ? Math.min(...overLimitAt) : null;
  return {
    limitPerMinute: perMinute,
    sentInWindow,
    allowedInWindow,
    sharePercent: round((100 * sentInWindow) / allowedInWindow, 1),
    overLimit: overLimitAt.length,
    overLimitAfterFirst: Math.max(0, overLimitAt.length - 1),
    firstOverLimitAtSeconds: firstOver === null ? null : round((firstOver - start) / 1000, 1),
    acceptedTotal: sorted.length,
  };
}

async function main(): Promise<void> {
  const origin = Date.now();
  const clock = scaledClock(origin);
  const toEngineTime = (real: number): number => origin + (real - origin) * SCALE;
  const ca = createTestCa();
  const google = await new FakeGoogle({ now: clock.now }).start();
  const microsoft = await new FakeMicrosoft({ ca, clientId: '11111111-2222-3333-4444-555555555555', users: [{ email: 'ana@contoso.test' }], latencyMs: GRAPH_LATENCY_MS }).start();
  google.setQuota({ perMinute: GMAIL_PER_MINUTE, perDay: null });
  microsoft.setRateLimit({ max: GRAPH_PER_MINUTE, windowMs: MINUTE / SCALE, retryAfterSeconds: 1 });
  const gmailAcceptedAt: number[] = [];
  google.onAccepted = () => gmailAcceptedAt.push(clock.now());

  // Graph answers Retry-After in real seconds; the engine reads it on its own (faster) clock.
  const base = createHttpTransport({ httpsAgent: new https.Agent({ ca: ca.caPem, keepAlive: true }) });
  const transport: HttpTransport = {
    request: async (request) => {
      const response = await base.request(request);
      const retryAfter = response.headers['retry-after'];
      if (retryAfter !== undefined && /^\d+$/u.test(retryAfter)) response.headers['retry-after'] = String(Number(retryAfter) * SCALE);
      return response;
    },
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-pacing-'));
  const secrets = new MemorySecretStore();
  const config = readConfig({ FACTEUR_DATA_DIR: dataDir, ...google.env(), FACTEUR_GRAPH_API_URL: microsoft.graphUrl, FACTEUR_MS_AUTHORITY: microsoft.authority, FACTEUR_MS_CLIENT_ID: microsoft.clientId });
  const logger = silentLogger();
  const outlook = new OutlookProvider({ secrets, endpoints: config.endpoints, oauth: config.oauth, clock, logger }, { http: transport });
  const engine = createEngine({ config, clock, secrets, logger, providers: { outlook } });
  try {
    const gmailCredentials = await engine.accounts.provider('gmail').importTokens?.(google.issueTokens(), google.userEmail);
    const graphTokens = { accessToken: 'unused', refreshToken: microsoft.issueRefreshToken('ana@contoso.test'), expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
    const graphCredentials = await outlook.importTokens(graphTokens, 'ana@contoso.test');
    if (!gmailCredentials) throw new Error('the Gmail provider cannot import tokens');
    const gmailId = await engine.accounts.create('gmail', gmailCredentials, { perMinute: GMAIL_PER_MINUTE });
    const graphId = await engine.accounts.create('outlook', graphCredentials);
    // More than the window allows, so the queue never runs dry: what limits the rate is pacing.
    const count = (perMinute: number): number => perMinute * (MINUTES + 1);
    await engine.queue.queueEmails([
      ...Array.from({ length: count(GMAIL_PER_MINUTE) }, (_, i) => ({ message: message(i), accountRef: gmailId })),
      ...Array.from({ length: count(GRAPH_PER_MINUTE) }, (_, i) => ({ message: message(i), accountRef: graphId })),
    ]);
    console.log(`pacing: ${MINUTES} engine minutes at ${SCALE}× speed ≈ ${round((MINUTES * 60) / SCALE, 1)} s real…`);
    const realStart = Date.now();
    const summary = await engine.process({ batchSize: 100_000, maxRuntimeMs: MINUTES * MINUTE + MINUTE / 4 });
    const realSeconds = round((Date.now() - realStart) / 1000, 1);

    const graphSends = microsoft.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/me/sendMail'));
    // The fake Gmail counts answers by status but does not time them: count 429s and 403s.
    const gmail = share(gmailAcceptedAt, [], GMAIL_PER_MINUTE);
    gmail.overLimit = (google.sendStatuses.get(429) ?? 0) + (google.sendStatuses.get(403) ?? 0);
    gmail.overLimitAfterFirst = Math.max(0, gmail.overLimit - 1);
    const graph = share(
      graphSends.filter((r) => r.status === 202).map((r) => toEngineTime(r.at)),
      graphSends.filter((r) => r.status === 429).map((r) => toEngineTime(r.at)),
      GRAPH_PER_MINUTE,
    );
    const figures: Figure[] = [];
    // The batch ETA (docs/mail-merge.md) replayed for as many Gmail emails as this run sent, from
    // the run's start, against when the fake Gmail accepted the last of them.
    const accepted = [...gmailAcceptedAt].sort((x, y) => x - y);
    const startedAt = toEngineTime(realStart);
    const predicted = estimateFinish({
      now: startedAt,
      limits: engine.accounts.limitsOf(engine.accounts.get(gmailId)),
      recentSends: [],
      queue: accepted.map(() => ({ due: startedAt, mine: true })),
    });
    const actual = (accepted[accepted.length - 1] ?? startedAt) - startedAt;
    const etaError = predicted === null || actual <= 0 ? 100 : round((Math.abs(predicted - startedAt - actual) / actual) * 100, 1);
    figures.push({ metric: `Gmail: batch ETA error for the last of ${accepted.length} emails`, value: etaError, unit: '%', target: '≤ 5 %', met: etaError <= 5 });
    for (const [name, r] of [['Gmail', gmail], ['Graph', graph]] as const) {
      figures.push({ metric: `${name}: share of allowed rate used (${r.sentInWindow}/${r.allowedInWindow} in ${MINUTES} min)`, value: r.sharePercent, unit: '%', target: `≥ ${TARGET_SHARE} %`, met: r.sharePercent >= TARGET_SHARE });
      figures.push({ metric: `${name}: over-limit answers after the first`, value: r.overLimitAfterFirst, unit: 'responses', target: '0', met: r.overLimitAfterFirst === 0 });
    }
    const file = writeResults('pacing', figures, {
      settings: { scale: SCALE, engineMinutes: MINUTES, realSeconds, gmail: { perMinute: GMAIL_PER_MINUTE, concurrency: 2 }, graph: { perMinute: GRAPH_PER_MINUTE, concurrency: OUTLOOK_DEFAULT_LIMITS.concurrency, latencyMs: GRAPH_LATENCY_MS } },
      gmail: { ...gmail, statuses: Object.fromEntries(google.sendStatuses) },
      graph: { ...graph, statuses: Object.fromEntries(microsoft.statusCounts) },
      summary,
    });
    printFigures(`Pacing against fake Gmail and Graph, ${MINUTES} min at ${SCALE}× (${realSeconds} s real) — ${file}`, figures);
  } finally {
    engine.close();
    await google.close();
    await microsoft.close();
    ca.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) runMain(main);
