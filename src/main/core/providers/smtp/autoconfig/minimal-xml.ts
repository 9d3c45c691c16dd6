// A deliberately small, strict XML reader for autoconfig answers (config-v1.1.xml). It knows
// elements, attributes, text, comments, CDATA and the XML declaration — nothing else: any DOCTYPE
// or entity declaration is refused outright (no entity expansion, so no "billion laughs", and no
// external anything), and only the five predefined entities and numeric references are decoded.
// The caller caps the size before it gets here.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlRefused extends Error {}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/u;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([^;&\s]{1,10});|&/gu, (match, name: string | undefined) => {
    if (name === undefined) throw new XmlRefused('a bare "&" in text');
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9a-f]{1,6})|(\d{1,7}))$/iu.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (code > 0x10ffff || code === 0) throw new XmlRefused(`character reference ${match} is out of range`);
      return String.fromCodePoint(code);
    }
    throw new XmlRefused(`entity ${match} is not allowed (only the five predefined ones)`);
  });
}

/** Parses `source` into its root element, or throws XmlRefused saying why. */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const current = (): XmlElement => stack[stack.length - 1] as XmlElement;
  const skipPast = (marker: string, what: string): void => {
    const end = source.indexOf(marker, at);
    if (end < 0) throw new XmlRefused(`unterminated ${what}`);
    at = end + marker.length;
  };

  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > at) {
      const text = source.slice(at, textEnd);
      if (stack.length === 1 && text.trim() !== '') throw new XmlRefused('text outside the root element');
      current().text += decode(text);
    }
    if (lt < 0) break;
    at = lt;
    if (source.startsWith('<!--', at)) skipPast('-->', 'comment');
    else if (source.startsWith('<![CDATA[', at)) {
      const end = source.indexOf(']]>', at);
      if (end < 0) throw new XmlRefused('unterminated CDATA');
      current().text += source.slice(at + 9, end);
      at = end + 3;
    } else if (source.startsWith('<!', at)) throw new XmlRefused('DOCTYPE and entity declarations are not allowed');
    else if (source.startsWith('<?', at)) skipPast('?>', 'processing instruction');
    else if (source.startsWith('</', at)) {
      const end = source.indexOf('>', at);
      if (end < 0) throw new XmlRefused('unterminated end tag');
      const name = source.slice(at + 2, end).trim();
      const open = stack.pop();
      if (!open || stack.length === 0 || open.name !== name) throw new XmlRefused(`</${name}> does not close the open element`);
      at = end + 1;
    } else at = openTag(source, at, current(), stack);
  }
  if (stack.length !== 1) throw new XmlRefused(`<${current().name}> is never closed`);
  const [element, ...others] = root.children;
  if (!element || others.length > 0) throw new XmlRefused('there must be exactly one root element');
  return element;
}

/** Reads `<name attr="v" …>` or `<name …/>` starting at `at`; returns where parsing resumes. */
function openTag(source: string, start: number, parent: XmlElement, stack: XmlElement[]): number {
  let at = start + 1;
  const name = NAME.exec(source.slice(at, at + 200))?.[0];
  if (!name) throw new XmlRefused('malformed start tag');
  if (stack.length > 32) throw new XmlRefused('elements nested too deeply');
  at += name.length;
  const element: XmlElement = { name, attributes: {}, children: [], text: '' };
  if (stack.length === 1 && parent.children.length > 0) throw new XmlRefused('there must be exactly one root element');
  parent.children.push(element);
  for (;;) {
    const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/u.exec(source.slice(at, at + 2000));
    if (attribute) {
      element.attributes[attribute[1] as string] = decode(attribute[2] ?? attribute[3] ?? '');
      at += attribute[0].length;
      continue;
    }
    const close = /^\s*(\/?)>/u.exec(source.slice(at, at + 200));
    if (!close) throw new XmlRefused(`malformed start tag <${name}>`);
    at += close[0].length;
    if (close[1] !== '/') stack.push(element);
    return at;
  }
}

/** Child elements named `name` (namespace prefix ignored). */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name.replace(/^.*:/u, '') === name);
}
