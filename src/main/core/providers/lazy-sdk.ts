// The providers' SDKs (nodemailer's SMTP connection and MIME composer, googleapis' Gmail client, google-auth-library, msal-node),
// loaded on first use instead of when the engine starts: together they are ~400 modules, and a
// command that sends nothing (`list`, `status`, `accounts`) or sends through one provider should
// not pay for all of them. Types are imported statically; only the code is deferred.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Msal from '@azure/msal-node';
import type * as GoogleAuth from 'google-auth-library';
import type * as GmailApi from 'googleapis/build/src/apis/gmail';
import type MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';

export const sdk = {
  get MailComposer(): typeof MailComposer {
    return require('nodemailer/lib/mail-composer') as typeof MailComposer;
  },
  get SMTPConnection(): typeof SMTPConnection {
    return require('nodemailer/lib/smtp-connection') as typeof SMTPConnection;
  },
  get gmail(): typeof GmailApi {
    return require('googleapis/build/src/apis/gmail') as typeof GmailApi;
  },
  get googleAuth(): typeof GoogleAuth {
    return require('google-auth-library') as typeof GoogleAuth;
  },
  get msal(): typeof Msal {
    return require('@azure/msal-node') as typeof Msal;
  },
};
