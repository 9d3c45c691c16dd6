// @vitest-environment jsdom
// What enters the editor: the bad inputs of the security review come out inert, the editor's own
// formatting survives.
import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseHtml } from './html-text';

const BAD: Array<[string, string]> = [
  ['a tab-encoded javascript: link', '<a href="java&#9;script:alert(1)">x</a>'],
  ['an entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['an svg xlink:href', '<svg><a xlink:href="javascript:alert(1)"><text>y</text></a></svg>'],
  ['a formaction button', '<form><button formaction="javascript:alert(1)">go</button></form>'],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://attacker.example/">'],
  ['a style element', '<style>body{display:none}</style>'],
  ['a stylesheet link', '<link rel="stylesheet" href="https://attacker.example/x.css">'],
  ['a remote image', '<img src="https://tracker.example/pixel.gif">'],
  ['an event handler', '<b onmouseover="alert(1)">x</b>'],
  ['an inline style', '<p style="position:fixed;inset:0">x</p>'],
  ['a data: link', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ['an iframe', '<iframe src="https://attacker.example"></iframe>'],
  ['a base element', '<base href="https://attacker.example/">'],
];

describe('sanitiseHtml (editor profile)', () => {
  it.each(BAD)('leaves nothing active of %s', (_name, html) => {
    const clean = sanitiseHtml(`<p>before</p>${html}<p>after</p>`);
    expect(clean).not.toMatch(/javascript|script:|xlink|formaction|<meta|refresh|<style|display:none|<link|stylesheet|<img|tracker|onmouseover|style=|data:|<iframe|<base|<svg|<form|<button/iu);
    expect(clean).toContain('<p>before</p>');
    expect(clean).toContain('<p>after</p>');
  });

  it('keeps the editor’s own formatting and https:/mailto: links, drops http: and relative ones', () => {
    const html =
      '<p>Hi <b>Ana</b> <i>and</i> <u>Bo</u></p><ul><li>one</li></ul><ol><li>two</li></ol>' +
      '<a href="https://example.com/a">a</a><a href="mailto:ana@example.com">m</a><a href="http://example.com">h</a><a href="/x">r</a>';
    expect(sanitiseHtml(html)).toBe(
      '<p>Hi <b>Ana</b> <i>and</i> <u>Bo</u></p><ul><li>one</li></ul><ol><li>two</li></ol>' +
        '<a href="https://example.com/a">a</a><a href="mailto:ana@example.com">m</a><a>h</a><a>r</a>',
    );
  });

  it('turns html into the plain-text alternative', () => {
    expect(htmlToText('<p>Hello <b>team</b></p><ul><li>one</li><li>two</li></ul>')).toBe('Hello team\n\n- one\n- two');
  });
});
