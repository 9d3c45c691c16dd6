// macOS: a LaunchAgent plist in ~/Library/LaunchAgents, loaded into the user's GUI domain with
// `launchctl bootstrap gui/UID` (and out again with `bootout`).
import path from 'node:path';
import { notInstalled, readIfExists, type Backend, type JobContext } from './backend';

const xml = (value: string): string =>
  value.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

export const launchdLabel = (context: JobContext): string => `app.facteur.${context.name}`;
export const plistPath = (context: JobContext): string => path.join(context.home, 'Library', 'LaunchAgents', `${launchdLabel(context)}.plist`);

export function launchAgentPlist(context: JobContext, every: number): string {
  const { program, args, env } = context.command;
  const strings = (values: string[], indent: string) => values.map((value) => `${indent}<string>${xml(value)}</string>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `facteur background install`; remove it with `facteur background uninstall`. -->',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${xml(launchdLabel(context))}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...strings([program, ...args], '    '),
    '  </array>',
    '  <key>EnvironmentVariables</key>',
    '  <dict>',
    ...Object.entries(env).flatMap(([key, value]) => [`    <key>${xml(key)}</key>`, `    <string>${xml(value)}</string>`]),
    '  </dict>',
    '  <key>StartInterval</key>',
    `  <integer>${every * 60}</integer>`,
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>ProcessType</key>',
    '  <string>Background</string>',
    '  <key>StandardErrorPath</key>',
    `  <string>${xml(path.join(context.dataDir, 'background-errors.log'))}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

const domain = (): string => `gui/${process.getuid ? process.getuid() : 0}`;

export const launchdBackend: Backend = {
  kind: 'launchd',
  install(context, session, every) {
    const file = plistPath(context);
    // A previous install is unloaded first, or bootstrap refuses the label as already loaded.
    if (readIfExists(file) !== null) session.run('launchctl', ['bootout', domain(), file]);
    session.write(file, launchAgentPlist(context, every));
    session.must('launchctl', ['bootstrap', domain(), file]);
  },
  uninstall(context, session) {
    const file = plistPath(context);
    if (readIfExists(file) === null) return;
    session.run('launchctl', ['bootout', domain(), file]);
    session.remove(file);
  },
  status(context) {
    const file = plistPath(context);
    const text = readIfExists(file);
    if (text === null) return notInstalled('launchd');
    const seconds = /<key>StartInterval<\/key>\s*<integer>(\d+)<\/integer>/u.exec(text)?.[1];
    return { installed: true, kind: 'launchd', every: seconds ? Number(seconds) / 60 : null, files: [file] };
  },
};
