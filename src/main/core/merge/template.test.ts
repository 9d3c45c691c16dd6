import { describe, expect, it } from 'vitest';
import { compileTemplate } from './template';

describe('compileTemplate', () => {
  const template = {
    to: [{ address: '{{email}}', name: '{{name}}' }],
    subject: 'Hi {{name}}{{#company}} from {{company}}{{/company}}',
    text: 'Hi {{name}}',
    html: '<p>{{name}} {{{signature}}}</p>',
  };

  it('escapes values in html only, inserts raw HTML with triple braces, and leaves the template untouched', () => {
    const compiled = compileTemplate(template, ['email', 'name', 'company', 'signature']);
    const view = { email: 'a@example.com', name: 'Tom & <Jerry>', company: '', signature: '<i>T</i>' };
    expect(compiled.render(view)).toEqual({
      to: [{ address: 'a@example.com', name: 'Tom & <Jerry>' }],
      subject: 'Hi Tom & <Jerry>',
      text: 'Hi Tom & <Jerry>',
      html: '<p>Tom &amp; &lt;Jerry&gt; <i>T</i></p>',
    });
    expect(compiled.render({ ...view, company: 'ACME' })).toMatchObject({ subject: 'Hi Tom & <Jerry> from ACME' });
    expect(template.subject).toContain('{{name}}');
  });

  it('refuses a placeholder naming no column, and says which field', () => {
    expect(() => compileTemplate(template, ['email', 'name', 'signature'])).toThrow(/template\.subject: \{\{company\}\} is not a column/u);
    expect(() => compileTemplate({ text: '{{> partial}}' }, [])).toThrow(/partials/u);
    expect(() => compileTemplate({ text: '{{#open}}' }, ['open'])).toThrow(/template\.text: is not a valid template/u);
    expect(() => compileTemplate([], [])).toThrow(/JSON object/u);
  });

  it('maps a message field back to the columns it reads', () => {
    const compiled = compileTemplate(template, ['email', 'name', 'company', 'signature']);
    expect(compiled.columnsFor('to[0].address')).toEqual(['email']);
    expect(compiled.columnsFor('to')).toEqual(['email', 'name']);
    expect(compiled.columnsFor('subject')).toEqual(['name', 'company']);
  });
});
