// `facteur list`: a page of emails with filters (status, account, batch, search, attention).
import type { Command } from 'commander';
import { z } from 'zod';
import { emailStatusSchema } from '../../../shared/domain';
import { emailListItemSchema } from '../../../shared/output-schemas';
import { parseInput } from '../errors';
import type { CliContext } from './context';
import { table } from './io';
import { nonNegativeInt, positiveInt } from './options';

/** `list [filters] [--limit N --offset K] [--json]` */
export function registerListCommand(program: Command, context: CliContext): void {
  program
    .command('list')
    .description('queued emails, newest first')
    .option('--status <status>', 'only this status (scheduled, queued, sending, sent, failed, cancelled, held, uncertain)')
    .option('--account <id|email>', 'only this account')
    .option('--batch <id>', 'only the mail of this mail-merge batch')
    .option('--search <text>', 'subject or a To/Cc recipient contains it (1–2 characters: a word starts with it)')
    .option('--attention', 'only mail that needs attention: failed, held, uncertain, sent with refused recipients')
    .option('--limit <n>', 'at most this many (a page)', positiveInt('limit', 10_000), 100)
    .option('--offset <k>', 'skip the first k, to page past --limit', nonNegativeInt('offset'), 0)
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; account?: string; batch?: string; search?: string; attention?: boolean; limit: number; offset: number; json?: boolean }) => {
      const status = options.status === undefined ? undefined : parseInput(emailStatusSchema, options.status, 'status');
      await context.withEngine((engine) => {
        const accountId = options.account === undefined ? undefined : engine.accounts.resolve(options.account).id;
        const batchId = options.batch === undefined ? undefined : engine.batches.requireId(options.batch);
        const items = engine.queue.list({ status, accountId, batchId, search: options.search, attention: options.attention, limit: options.limit, offset: options.offset });
        if (options.json) return context.json(items, z.array(emailListItemSchema), 'list --json');
        if (items.length === 0) return context.out('nothing here');
        context.out(
          table(
            ['ID', 'STATUS', 'TRIES', 'SEND AT', 'FROM', 'TO', 'SUBJECT', 'LAST ERROR'],
            items.map((item) => [
              item.id,
              item.status,
              `${item.attempts}/${item.maxAttempts}`,
              item.sendAt,
              item.accountEmail,
              item.to.join(', '),
              item.subject,
              item.lastError,
            ]),
            40,
          ),
        );
      });
    });
}
