// What message HTML may contain, in one place for the renderer and the engine. Both run the same
// library (DOMPurify) with these settings; each brings its own window (the browser's, or jsdom's
// in Node), because DOMPurify parses in an inert document created from that window and never
// touches a live one. Two profiles:
//   - EDITOR: only what the compose editor itself produces (bold, italic, lists, links), and links
//     only to https: and mailto:. Used for everything that enters the editor (edit and resend,
//     drafts) and for what the compose form queues.
//   - MAIL: what a mail may carry when it comes from the CLI or a mail merge (tables, inline
//     styles, images), minus anything active: scripts, event handlers, forms, frames, meta
//     refresh, stylesheet links, javascript: (however it is encoded). The engine stores only this.
import type { Config, DOMPurify } from 'dompurify';

export const EDITOR_TAGS = ['a', 'b', 'strong', 'i', 'em', 'u', 's', 'p', 'div', 'br', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'span'];

/** https: and mailto: only — no http:, no relative links, no data:, no javascript:. */
export const EDITOR_LINK = /^(?:https:|mailto:)/iu;

export const EDITOR_CONFIG: Config = {
  ALLOWED_TAGS: EDITOR_TAGS,
  ALLOWED_ATTR: ['href'],
  ALLOWED_URI_REGEXP: EDITOR_LINK,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Content of removed elements such as <style> or <title> is dropped, not turned into text.
  KEEP_CONTENT: true,
  FORBID_CONTENTS: ['style', 'script', 'title', 'template', 'noscript', 'textarea', 'select', 'option', 'svg', 'math'],
  RETURN_TRUSTED_TYPE: false,
};

export const MAIL_CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'option', 'meta', 'link', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'script', 'noscript', 'template'],
  FORBID_ATTR: ['formaction', 'action', 'srcdoc', 'ping', 'background'],
  ALLOW_DATA_ATTR: false,
  RETURN_TRUSTED_TYPE: false,
};

/** A full document (newsletters from the CLI) keeps its <head> styles; a fragment stays a fragment. */
const WHOLE_DOCUMENT = /<(?:!doctype|html|head)[\s>]/iu;

export function sanitiseEditorHtml(purify: DOMPurify, html: string): string {
  return String(purify.sanitize(html, EDITOR_CONFIG));
}

export function sanitiseMailHtml(purify: DOMPurify, html: string): string {
  return String(purify.sanitize(html, { ...MAIL_CONFIG, WHOLE_DOCUMENT: WHOLE_DOCUMENT.test(html) }));
}
