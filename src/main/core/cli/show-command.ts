// `facteur show <id>`: one email with its recipients' outcomes, attachments, series and every attempt.
import type { Command } from 'commander';
import { emailDetailSchema } from '../../../shared/output-schemas';
import { waitReason } from '../queue/wait-reason';
import { describeWindowWait } from '../windows/window-hold';
import type { CliContext } from './context';

/** `show <id> [--json]` */
export function registerShowCommand(program: Command, context: CliContext): void {
  program
    .command('show <id>')
    .description('one email: recipients, attachments and every attempt')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        const detail = engine.queue.get(engine.queue.requireId(id));
        if (options.json) return context.json(detail, emailDetailSchema, 'show --json');
        context.out(`#${detail.id} ${detail.status} — ${detail.subject}`);
        context.out(`from ${detail.accountEmail} to ${detail.to.join(', ')}`);
        context.out(`send at ${detail.sendAt} (${detail.timeZone}); message-id ${detail.messageId}`);
        if (detail.series) {
          const { series } = detail;
          context.out(`repeats (series ${series.id}, ${series.state}): ${series.rule} in ${series.timeZone}${series.upcoming.length ? `; next ${series.upcoming.join(', ')}` : ''}`);
        }
        const wait = waitReason(engine.db, engine.accounts, engine.settings, engine.clock, detail.id);
        if (wait?.reason === 'sending-window') context.out(describeWindowWait(wait));
        for (const recipient of detail.recipients) {
          if (recipient.outcome === 'accepted' && detail.status === 'sent') continue;
          context.out(`  ${recipient.kind} ${recipient.address}: ${recipient.outcome}${recipient.reason ? ` — ${recipient.reason}` : ''}`);
        }
        for (const file of detail.attachments) context.out(`  attachment ${file.filename} (${file.contentType}, ${file.size} bytes)`);
        // Numbered by place in the history: the stored counted attempt starts again after a retry.
        for (const [index, attempt] of detail.history.entries()) {
          context.out(`  try ${index + 1} at ${attempt.startedAt}: ${attempt.outcome}${attempt.message ? ` — ${attempt.message}` : ''}`);
        }
      });
    });
}
