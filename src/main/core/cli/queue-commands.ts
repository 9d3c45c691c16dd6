// The queue's commands, in the order `facteur --help` lists them; each command has its own
// register function and file.
import type { Command } from 'commander';
import type { CliContext } from './context';
import { registerCancelCommand, registerMarkSentCommand, registerRescheduleCommand, registerRetryCommand } from './email-actions';
import { registerEnqueueCommand } from './enqueue-command';
import { registerListCommand } from './list-command';
import { registerProcessQueueCommand } from './process-queue-command';
import { registerSeriesCommands } from './series-commands';
import { registerSettingsCommand } from './settings-command';
import { registerShowCommand } from './show-command';
import { registerStatusCommand } from './status-command';

export function registerQueueCommands(program: Command, context: CliContext): void {
  registerEnqueueCommand(program, context);
  registerSeriesCommands(program, context);
  registerProcessQueueCommand(program, context);
  registerListCommand(program, context);
  registerShowCommand(program, context);
  registerStatusCommand(program, context);
  registerRetryCommand(program, context);
  registerCancelCommand(program, context);
  registerRescheduleCommand(program, context);
  registerMarkSentCommand(program, context);
  registerSettingsCommand(program, context);
}
