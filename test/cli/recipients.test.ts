// Per-recipient outcomes through the real CLI: a server that refuses one recipient of three for
// good (550) or for now (452). The mail reaches the others; a permanent refusal is recorded and
// counted in `attention`; a temporary one is retried for that recipient alone, same Message-ID.
import { describe, expect, it } from 'vitest';
import { parseMime } from '../helpers/mime';
import { benchWithSmtpServer, type RecipientJson } from './support';

const bench = benchWithSmtpServer();

const threeRecipients = {
  to: [{ address: 'ana@example.com' }],
  cc: [{ address: 'bob@example.com' }],
  bcc: [{ address: 'cy@example.com' }],
  subject: 'Minutes',
  text: 'See you Monday.',
};

interface Summary {
  sent: number;
  failed: number;
  retrying: number;
  refused: number;
}

async function queueThree(extra: string[] = []): Promise<string> {
  await bench.cli.addSmtpAccount(bench.server.port);
  const queued = await bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', bench.cli.message('m.json', threeRecipients), ...extra]);
  expect(queued.code, queued.stderr).toBe(0);
  return queued.stdout.trim();
}

const recipientsOf = async (id: string) => (await bench.cli.json<{ recipients: RecipientJson[] }>(['show', id])).recipients;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a recipient refused for good (550)', () => {
  it('delivers to the others, records the refusal, and counts the mail in attention', async () => {
    bench.server.faults.push({ kind: 'reject-recipient', address: 'bob@example.com', code: 550 });
    const id = await queueThree();
    const run = await bench.cli.run(['process-queue']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sent 1, failed 0, .*refused recipients 1/mu);
    expect(bench.server.received).toHaveLength(1);
    expect(bench.server.received[0]?.to.sort()).toEqual(['ana@example.com', 'cy@example.com']);

    const recipients = await recipientsOf(id);
    expect(recipients).toEqual([
      { address: 'ana@example.com', kind: 'to', outcome: 'accepted', reason: null },
      { address: 'bob@example.com', kind: 'cc', outcome: 'refused', reason: expect.stringMatching(/^550 .*User unknown/u) },
      { address: 'cy@example.com', kind: 'bcc', outcome: 'accepted', reason: null },
    ]);
    const status = await bench.cli.json<Record<string, number>>(['status']);
    expect(status).toMatchObject({ sent: 1, failed: 0, attention: 1 });
    const attention = await bench.cli.json<Array<{ id: number; status: string; refusedCount: number; lastError: string }>>(['list', '--attention']);
    expect(attention).toEqual([expect.objectContaining({ id: Number(id), status: 'sent', refusedCount: 1, lastError: expect.stringMatching(/sent to 2 of 3 — bob@example.com refused: 550/u) })]);
  });

  it('fails the mail when every recipient is refused, each with its reason', async () => {
    for (const address of ['ana@example.com', 'bob@example.com', 'cy@example.com']) bench.server.faults.push({ kind: 'reject-recipient', address });
    const id = await queueThree();
    expect(await bench.cli.json<Summary>(['process-queue'])).toMatchObject({ sent: 0, failed: 1 });
    expect((await recipientsOf(id)).map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(await bench.cli.json<Record<string, number>>(['status'])).toMatchObject({ failed: 1, attention: 1 });
  });
});

describe('a recipient refused for now (452)', () => {
  it('retries that recipient alone, with the same Message-ID, after the backoff', async () => {
    bench.server.faults.push({ kind: 'reject-recipient', address: 'bob@example.com', code: 452, times: 1 });
    const id = await queueThree();
    expect(await bench.cli.json<Summary>(['process-queue'])).toMatchObject({ sent: 0, failed: 0, retrying: 1, refused: 0 });
    expect(bench.server.received).toHaveLength(1);
    expect(bench.server.received[0]?.to.sort()).toEqual(['ana@example.com', 'cy@example.com']);
    expect((await recipientsOf(id)).map((r) => r.outcome)).toEqual(['accepted', 'pending', 'accepted']);

    await wait(1_200);
    expect(await bench.cli.json<Summary>(['process-queue'])).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
    expect(bench.server.received).toHaveLength(2);
    expect(bench.server.received[1]?.to).toEqual(['bob@example.com']);
    const first = parseMime(bench.server.received[0]!.raw).headers.get('message-id');
    expect(parseMime(bench.server.received[1]!.raw).headers.get('message-id')).toBe(first);
    expect((await recipientsOf(id)).map((r) => r.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await bench.cli.json<Record<string, number>>(['status'])).toMatchObject({ sent: 1, attention: 0 });
  });

  it('gives up on it after the last attempt: sent, with the recipient refused and counted', async () => {
    bench.server.faults.push({ kind: 'reject-recipient', address: 'bob@example.com', code: 452 });
    const id = await queueThree(['--max-attempts', '2']);
    await bench.cli.json<Summary>(['process-queue']);
    await wait(1_200);
    expect(await bench.cli.json<Summary>(['process-queue'])).toMatchObject({ sent: 1, refused: 1 });
    expect(bench.server.received.map((mail) => mail.to.length)).toEqual([2]);
    const bob = (await recipientsOf(id)).find((r) => r.address === 'bob@example.com');
    expect(bob).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/gave up after 2 attempts: 452/u) });
    expect(await bench.cli.json<Record<string, number>>(['status'])).toMatchObject({ sent: 1, attention: 1 });
  });
});
