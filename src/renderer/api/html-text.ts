// Turns the editor's HTML into the plain-text alternative (parsed with DOMParser, an inert
// document), and keeps the HTML itself to the editor's own tags and links (DOMPurify).
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { sanitiseEditorHtml } from '../../shared/html-policy';

const BLOCKS = new Set(['P', 'DIV', 'BR', 'LI', 'H1', 'H2', 'H3', 'BLOCKQUOTE', 'TR', 'UL', 'OL']);

export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out: string[] = [];
  const walk = (node: Node, listDepth: number): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/gu, ' '));
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.tagName === 'BR') {
      out.push('\n');
      return;
    }
    if (node.tagName === 'LI') {
      const parent = node.parentElement;
      const marker = parent?.tagName === 'OL' ? `${Array.from(parent.children).indexOf(node) + 1}. ` : '- ';
      out.push(`\n${'  '.repeat(Math.max(0, listDepth - 1))}${marker}`);
    } else if (BLOCKS.has(node.tagName)) out.push('\n');
    const depth = node.tagName === 'UL' || node.tagName === 'OL' ? listDepth + 1 : listDepth;
    node.childNodes.forEach((child) => walk(child, depth));
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      if (href && href !== node.textContent) out.push(` (${href.replace(/^mailto:/u, '')})`);
    }
    if (BLOCKS.has(node.tagName) && node.tagName !== 'LI') out.push('\n');
  };
  walk(doc.body, 0);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/u, '').replace(/^ (?=\S)/u, ''))
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/**
 * The editor's HTML policy (shared/html-policy.ts, EDITOR profile) through DOMPurify, which parses
 * in an inert document: nothing in `html` loads, runs or styles the page while it is cleaned.
 * Everything that enters the editor or leaves the compose form passes here.
 */
export function sanitiseHtml(html: string): string {
  return sanitiseEditorHtml(purifier(), html);
}

let instance: DOMPurify | null = null;
const purifier = (): DOMPurify => (instance ??= createDOMPurify(window));

/** True when the editor holds nothing a reader would see. */
export function isBlankHtml(html: string): boolean {
  return htmlToText(html).trim() === '';
}
