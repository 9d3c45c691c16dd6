// The engine's side of the HTML policy (shared/html-policy.ts): every html body the engine stores
// — from the CLI, a mail merge or the window — goes through DOMPurify with the MAIL profile.
// DOMPurify needs a DOM; in Node that is jsdom, loaded on first use only (the CLI pays for it only
// when a message has HTML). Two costs are managed here:
//   - a jsdom window accumulates state across sanitize() calls and slows down without bound
//     (cure53/DOMPurify#1089), so the window is replaced every RECYCLE_EVERY calls;
//   - bulk imports often repeat one body, so the last results are remembered by their input;
//   - HTML made only of bare formatting tags (no attribute, no entity, no comment) has nothing
//     that could be active, so it is stored as given without a parse.
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';
import { sanitiseMailHtml } from '../../../shared/html-policy';

const RECYCLE_EVERY = 200;
const REMEMBERED = 64;

let purify: DOMPurify | null = null;
let closeWindow: (() => void) | null = null;
let uses = 0;
const remembered = new Map<string, string>();
const BARE_FORMATTING = /^(?:[^<&]|<\/?(?:p|div|span|b|strong|i|em|u|s|br|ul|ol|li|blockquote|h[1-6])>)*$/u;

function instance(): DOMPurify {
  if (!purify || uses >= RECYCLE_EVERY) {
    closeWindow?.();
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    // jsdom's window satisfies what DOMPurify reads from a window; its types are not the DOM lib's.
    purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    closeWindow = () => window.close();
    uses = 0;
  }
  uses += 1;
  return purify;
}

/** The html with everything active removed; the same input always gives the same output. */
export function sanitiseStoredHtml(html: string): string {
  if (BARE_FORMATTING.test(html)) return html;
  const known = remembered.get(html);
  if (known !== undefined) return known;
  const clean = sanitiseMailHtml(instance(), html);
  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(html, clean);
  return clean;
}
