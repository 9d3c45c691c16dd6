// Preloaded into a CLI child (NODE_OPTIONS=--require): on exit, writes to stderr which of the
// heavy packages the command loaded, as `facteur-modules: name,name`.
'use strict';
// nodemailer: its SMTP connection (the engine uses nodemailer's small MIME-type table anyway).
const HEAVY = {
  googleapis: '/node_modules/googleapis/',
  'google-auth-library': '/node_modules/google-auth-library/',
  '@azure/msal-node': '/node_modules/@azure/msal-node/',
  nodemailer: '/node_modules/nodemailer/lib/smtp-connection/',
  'drizzle-orm': '/node_modules/drizzle-orm/',
  commander: '/node_modules/commander/',
  zod: '/node_modules/zod/',
  pino: '/node_modules/pino/',
  keytar: '/node_modules/keytar/',
};
process.on('exit', () => {
  const files = Object.keys(require.cache);
  const loaded = Object.keys(HEAVY).filter((name) => files.some((file) => file.includes(HEAVY[name])));
  process.stderr.write(`facteur-modules: ${loaded.join(',')}\n`);
});
