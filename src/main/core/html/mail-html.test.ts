// The engine's HTML policy under Node (DOMPurify + jsdom): active content goes, the layout of a
// designed mail (tables, inline styles, images) stays, and the window is recycled without a change.
import { describe, expect, it } from 'vitest';
import { sanitiseStoredHtml } from './mail-html';

describe('sanitiseStoredHtml (mail profile)', () => {
  it('removes everything active, however it is encoded', () => {
    const html =
      '<p>Hi</p><a href="java&#9;script:alert(1)">a</a><svg><a xlink:href="javascript:alert(1)">b</a></svg>' +
      '<form action="https://x"><button formaction="javascript:alert(1)">c</button></form>' +
      '<meta http-equiv="refresh" content="0;url=https://attacker.example/"><link rel="stylesheet" href="https://attacker.example/x.css">' +
      '<script>alert(1)</script><img src="x" onerror="alert(1)"><iframe src="https://attacker.example"></iframe>';
    const clean = sanitiseStoredHtml(html);
    expect(clean).not.toMatch(/javascript|xlink:href|formaction|<form|<button|<meta|refresh|<link|<script|onerror|<iframe/iu);
    expect(clean).toContain('<p>Hi</p>');
  });

  it('keeps a designed mail’s tables, inline styles, images and head styles', () => {
    const fragment = '<table><tbody><tr><td style="color: red">x</td></tr></tbody></table><img src="https://example.com/logo.png" alt="Logo">';
    expect(sanitiseStoredHtml(fragment)).toBe(fragment);
    const documentHtml = '<!doctype html><html><head><style>p{color:red}</style></head><body><p>Hi</p></body></html>';
    const clean = sanitiseStoredHtml(documentHtml);
    expect(clean).toContain('<style>p{color:red}</style>');
    expect(clean).toContain('<p>Hi</p>');
  });

  it('gives the same answer across window recycling, and stays fast', () => {
    const started = performance.now();
    for (let i = 0; i < 600; i += 1) {
      expect(sanitiseStoredHtml(`<p>n°${i} <b onclick="x()">bold</b></p>`)).toBe(`<p>n°${i} <b>bold</b></p>`);
    }
    // Without recycling, a jsdom window slows down call after call (tens of ms each after a few thousand).
    expect((performance.now() - started) / 600).toBeLessThan(20);
  });
});
