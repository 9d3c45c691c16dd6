// The `facteur` command line: the same engine as the desktop app, for cron and scripts.
// Exit codes (CLI-CONTRACT.md): 0 done, 1 unexpected, 2 bad input, 3 service unavailable, 4 not found.
import { Command, CommanderError } from 'commander';
import { exitCodeFor, FacteurError, toErrorInfo } from '../errors';
import { asDatabaseError } from '../db/open-database';
import { asStorageError } from '../db/storage-errors';
import { registerAccountCommands } from './account-commands';
import { registerBackgroundCommands } from './background-commands';
import { createCliContext, type CliIo } from './context';
import { registerMergeCommands } from './merge-commands';
import { registerQueueCommands } from './queue-commands';
import { registerDoctorCommand } from './doctor';
import { ignoreClosedPipe } from './closed-pipe';

export function buildProgram(io: CliIo): Command {
  const context = createCliContext(io);
  const program = new Command('facteur')
    .description('Facteur — a reliable outbox for Gmail, Outlook and SMTP accounts')
    .version(readVersion())
    .showHelpAfterError('(run facteur --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerAccountCommands(program, context);
  registerQueueCommands(program, context);
  registerDoctorCommand(program, context, io.engineOptions?.secrets);
  registerMergeCommands(program, context);
  registerBackgroundCommands(program, context);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

function readVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Runs the command line; resolves with the exit code instead of exiting (tests call it too). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      if (caught.code === 'commander.helpDisplayed' || caught.code === 'commander.version' || caught.code === 'commander.help') return 0;
      return 2; // commander already printed what was wrong
    }
    const error = asStorageError(asDatabaseError(caught));
    const info = toErrorInfo(error);
    io.stderr(`facteur: ${info.message}\n`);
    if (!(error instanceof FacteurError)) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return exitCodeFor(info.code);
  }
}

function defaultIo(): CliIo {
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
