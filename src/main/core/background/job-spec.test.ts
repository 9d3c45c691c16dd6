// The packaged app's RunAsNode fuse is off, so a background job must not rely on
// ELECTRON_RUN_AS_NODE: it starts the app's binary in its headless command-line mode.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentJobCommand, headlessCliArgs, HEADLESS_CLI_FLAG } from './job-spec';

describe('background job command', () => {
  it('runs the packaged app in its headless CLI mode, not as Node', () => {
    const command = currentJobCommand('/data', {}, { execPath: '/opt/Facteur/facteur', electron: true, defaultApp: false, platform: 'linux' });
    expect(command.program).toBe('/opt/Facteur/facteur');
    expect(command.args).toEqual(['--ozone-platform=headless', HEADLESS_CLI_FLAG, 'process-queue', '--max-runtime', '600']);
    expect(command.env).toEqual({ FACTEUR_DATA_DIR: path.resolve('/data') });
    expect(headlessCliArgs([command.program, ...command.args])).toEqual(['process-queue', '--max-runtime', '600']);
  });

  it('names the app folder when Electron runs it in development, and needs no display flag elsewhere', () => {
    const command = currentJobCommand('/data', {}, { execPath: '/repo/node_modules/electron/dist/Electron', electron: true, defaultApp: true, platform: 'darwin' });
    expect(command.args[0]).toBe(path.resolve(__dirname, '..', '..', '..', '..'));
    expect(command.args.slice(1)).toEqual([HEADLESS_CLI_FLAG, 'process-queue', '--max-runtime', '600']);
  });

  it('leaves an ordinary app start alone', () => {
    expect(headlessCliArgs(['/opt/Facteur/facteur', '--hidden'])).toBeNull();
  });
});
