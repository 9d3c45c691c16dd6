// `npm run lint` refuses each import that crosses a layer, however it is spelled, and accepts the
// imports the layers are meant to make. Fixtures are linted as if they sat at the given path in
// src/ (nothing is written there), with the project's own eslint.config.mjs.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'facteur/layers' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers, judged on resolved paths', () => {
  it.each([
    ['the engine importing the tray', 'src/main/core/queue/fixture.ts', "import { Tray } from '../../tray';\nexport { Tray };\n", /src\/main\/core may not import src\/main\/tray/u],
    ['the engine reaching the shell by a detour', 'src/main/core/fixture.ts', "export * from '../core/../login-item';\n", /may not import src\/main\/login-item/u],
    ['the engine importing the renderer', 'src/main/core/fixture.ts', "export { App } from '../../renderer/app';\n", /may not import src\/renderer\/app/u],
    ['the engine loading the shell lazily', 'src/main/core/cli/fixture.ts', "export const load = () => import('../../shell');\n", /may not import src\/main\/shell/u],
    ['the renderer importing the engine', 'src/renderer/fixture.ts', "import { Engine } from '../main/core/engine';\nexport { Engine };\n", /src\/renderer may not import src\/main\/core\/engine/u],
    ['shared code importing the engine', 'src/shared/fixture.ts', "export { systemClock } from '../main/core/clock';\n", /src\/shared may not import/u],
    ['shared code importing the renderer', 'src/shared/fixture.ts', "export { App } from '../renderer/app';\n", /src\/shared may not import/u],
    ['a provider reaching into the queue', 'src/main/core/providers/fixture.ts', "export { QueueManager } from '../queue/queue-manager';\n", /providers may not import src\/main\/core\/queue/u],
    ['a provider reading the database', 'src/main/core/providers/gmail/fixture.ts', "export * from '../../db/schema';\n", /providers may not import src\/main\/core\/db\/schema/u],
    ['a provider calling the processor', 'src/main/core/providers/fixture.ts', "const p = require('../processor/processor');\nexport default p;\n", /providers may not import src\/main\/core\/processor/u],
    ['the processor importing one provider', 'src/main/core/processor/fixture.ts', "export { SmtpProvider } from '../providers/smtp/smtp-provider';\n", /src\/main\/core\/processor may not import src\/main\/core\/providers\/smtp\/smtp-provider/u],
    ['the queue reaching a provider\'s sign-in', 'src/main/core/queue/fixture.ts', "export * from '../providers/gmail/google-oauth';\n", /src\/main\/core\/queue may not import src\/main\/core\/providers\/gmail/u],
    ['the database importing a provider', 'src/main/core/db/fixture.ts', "export * from '../providers/outlook/graph-http';\n", /src\/main\/core\/db may not import src\/main\/core\/providers\/outlook/u],
    ['the engine importing electron', 'src/main/core/fixture.ts', "import { app } from 'electron';\nexport { app };\n", /without Electron/u],
  ])('refuses %s', async (_name, file, code, expected) => {
    const found = await problems(file, code);
    expect(found.some((message) => expected.test(message)), found.join('\n')).toBe(true);
  });

  it.each([
    ['the engine using its own parts', 'src/main/core/queue/fixture.ts', "export { systemClock } from '../clock';\nexport * from '../../../shared/domain';\n"],
    ['the shell using the engine', 'src/main/fixture.ts', "export { systemClock } from './core/clock';\n"],
    ['the renderer using the contract', 'src/renderer/fixture.ts', "export * from '../shared/ipc-contract';\n"],
    ['the processor using the provider interface', 'src/main/core/processor/fixture.ts', "export type { EmailProvider } from '../providers/email-provider';\nexport { ProviderError } from '../providers/provider-error';\n"],
    ['the queue using the MIME helpers', 'src/main/core/queue/fixture.ts', "export { formatBytes } from '../providers/base-email-provider';\n"],
    ['a provider using shared pieces', 'src/main/core/providers/fixture.ts', "export * from '../errors';\nexport * from '../../../shared/message-schema';\n"],
  ])('accepts %s', async (_name, file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
