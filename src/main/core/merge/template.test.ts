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

  it('points at the column a placeholder meant when only case or spaces differ', () => {
    expect(() => compileTemplate({ text: 'Hi {{first_name}}' }, ['Email', 'First_Name'])).toThrow(
      /template\.text: \{\{first_name\}\} is not a column of the data file \(did you mean \{\{First_Name\}\}\? its columns: "Email", "First_Name"\)/u,
    );
  });

  it('reads a column whose name holds a dot, as written (not as a path into an object)', () => {
    const compiled = compileTemplate({ subject: '{{No.}} {{e.mail}}', html: '<p>{{e.mail}}</p>' }, ['No.', 'e.mail']);
    expect(compiled.render({ 'No.': '7', 'e.mail': 'a&b@example.com' })).toEqual({ subject: '7 a&b@example.com', html: '<p>a&amp;b@example.com</p>' });
  });

  it('maps a message field back to the columns it reads', () => {
    const compiled = compileTemplate(template, ['email', 'name', 'company', 'signature']);
    expect(compiled.columnsFor('to[0].address')).toEqual(['email']);
    expect(compiled.columnsFor('to')).toEqual(['email', 'name']);
    expect(compiled.columnsFor('subject')).toEqual(['name', 'company']);
  });
});
