// The layering rule, checked on the path an import resolves to rather than on how it is spelled:
// `../../tray`, `../tray.ts` and `src/main/tray` are the same file, and all three are refused in
// the engine. Zones (STYLE.md, DESIGN.md):
//   src/main/core     the engine: never the Electron shell (src/main outside core) nor the renderer
//   src/renderer      the UI: never src/main (it talks to main through the IPC contract in shared)
//   src/shared        imported by every layer: nothing else of ours
//   core/providers    speak to mail services: never the queue, the processor or the database
//   db/queue/processor   know providers only by the EmailProvider interface and the registry: never
//                     a provider's own folder (providers/smtp, gmail, outlook, oauth, …)
// Package imports (`electron`, Node built-ins) are governed by no-restricted-imports beside this.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const inside = (file, folder) => {
  const relative = path.relative(path.join(ROOT, folder), file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

export const ZONES = [
  { from: 'src/main/core', notTo: ['src/main'], except: ['src/main/core'], why: 'the engine runs under plain Node for the CLI: it must not reach the Electron shell' },
  { from: 'src/main/core', notTo: ['src/renderer'], why: 'the engine must not depend on the UI' },
  { from: 'src/renderer', notTo: ['src/main'], why: 'the renderer talks to main only through the IPC contract in src/shared' },
  { from: 'src/shared', notTo: ['src/main', 'src/renderer'], why: 'src/shared is imported by every layer and depends on nothing else of ours' },
  {
    from: 'src/main/core/providers',
    notTo: ['src/main/core/db', 'src/main/core/queue', 'src/main/core/processor'],
    why: 'a provider sends one message; the queue, the processor and the database are not its business',
  },
  ...['src/main/core/db', 'src/main/core/queue', 'src/main/core/processor'].map((from) => ({
    from,
    notTo: ['src/main/core/providers'],
    // The shared pieces every provider builds on sit at the top of providers/; each provider's own folder is its business.
    allowFiles: ['email-provider.ts', 'base-email-provider.ts', 'provider-error.ts', 'registry.ts'].map((file) => `src/main/core/providers/${file}`),
    why: 'the queue, the processor and the database know providers only through the EmailProvider interface, so a provider is added without touching them',
  })),
];

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: { type: 'problem', docs: { description: 'imports stay inside their layer, judged on resolved paths' }, schema: [] },
  create(context) {
    const file = path.resolve(context.filename);
    const zones = ZONES.filter((zone) => inside(file, zone.from));
    if (zones.length === 0) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : specifier.startsWith('src/') ? path.join(ROOT, specifier) : null;
      if (target === null) return;
      for (const zone of zones) {
        const banned = zone.notTo.find((folder) => inside(target, folder));
        const allowedFile = (zone.allowFiles ?? []).some((file) => path.join(ROOT, file) === target || path.join(ROOT, file) === `${target}.ts`);
        if (banned && !allowedFile && !(zone.except ?? []).some((folder) => inside(target, folder))) {
          context.report({ node, message: `${zone.from} may not import ${path.relative(ROOT, target)}: ${zone.why}.` });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };
