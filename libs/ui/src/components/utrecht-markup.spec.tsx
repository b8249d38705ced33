/// <reference types="node" />
import { spawnSync } from 'node:child_process';
import type { ComponentType } from 'react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import * as alert from './utrecht-alert';
import * as badge from './utrecht-badge';
import * as dataList from './utrecht-data-list';
import * as heading from './utrecht-heading';
import * as paragraph from './utrecht-paragraph';
import * as select from './utrecht-select';
import * as table from './utrecht-table';
import * as textarea from './utrecht-textarea';

// Each case: the component's name, its props and its text. Rendered by our thin components here
// and by @utrecht/component-library-react in a plain Node process (it ships as an ES module only),
// the markup must be the same: pages keep the design system's classes, roles and states.
const cases: ReadonlyArray<[string, Record<string, unknown>, string?]> = [
  ['Alert', {}, 'Let op'],
  ['Alert', { type: 'error' }, 'Fout'],
  ['Alert', { type: 'ok', className: 'extra', id: 'a1' }, 'Gelukt'],
  ['Alert', { type: 'warning', role: 'status' }, 'Waarschuwing'],
  ['Alert', { type: 'onbekend' }, 'Info'],
  ['DataList', {}, 'lijst'],
  ['DataList', { appearance: 'rows', className: 'x' }, 'lijst'],
  ['DataListItem', { className: 'x' }, 'item'],
  ['DataListKey', {}, 'Naam'],
  ['DataListValue', {}, 'Jansen'],
  ['DataListValue', { value: '', emptyDescription: 'Leeg' }, 'Jansen'],
  ['DataListValue', { value: 'Jansen', multiline: true, notranslate: true }, 'Jansen'],
  ['DataListValue', { notranslate: false }, 'Jansen'],
  ['Heading1', { id: 'h' }, 'Titel'],
  ['Heading2', { className: 'x' }, 'Titel'],
  ['Heading3', {}, 'Titel'],
  ['NumberBadge', {}, '3'],
  ['NumberBadge', { value: '3', 'aria-label': 'drie' }, '3'],
  ['StatusBadge', {}, 'Open'],
  ['StatusBadge', { status: 'danger', className: 'x' }, 'Te laat'],
  ['Paragraph', {}, 'Tekst'],
  ['Paragraph', { appearance: 'lead' }, 'Tekst'],
  ['Paragraph', { small: true }, 'Tekst'],
  ['Paragraph', { lead: true, small: true }, 'Tekst'],
  ['Select', { name: 's' }, ''],
  ['Select', { busy: true, invalid: true, required: true, className: 'x' }, ''],
  ['Select', { required: true, noscript: true }, ''],
  ['SelectOption', { value: 'a' }, 'A'],
  ['SelectOption', { value: 'b', disabled: true, invalid: true }, 'B'],
  ['Table', {}, ''],
  ['Table', { busy: true, className: 'x' }, ''],
  ['TableBody', {}, ''],
  ['TableCaption', {}, 'Bijschrift'],
  ['TableCell', { numericColumn: true, selected: true }, '1'],
  ['TableCell', { colSpan: 2 }, '1'],
  ['TableHeader', { sticky: true }, ''],
  ['TableHeaderCell', { scope: 'col', sticky: true, numericColumn: true }, 'Kop'],
  ['TableHeaderCell', { scope: 'row', sticky: true, selected: true, 'aria-sort': 'ascending' }, 'Kop'],
  ['TableRow', { selected: true }, ''],
  ['TableRow', { className: 'x' }, ''],
  ['Textarea', { name: 't' }],
  ['Textarea', { invalid: true, required: true, readOnly: true, disabled: true, dir: 'ltr', rows: 3 }],
  ['Textarea', { inputRequired: true }],
];

const referenceScript = `
import * as U from '@utrecht/component-library-react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
const cases = JSON.parse(process.argv[1]);
process.stdout.write(JSON.stringify(cases.map(([name, props, text]) => renderToStaticMarkup(createElement(U[name], props, text)))));
`;

// Attribute order is not part of the markup's meaning.
const normalised = (markup: string): string =>
  markup.replace(/<([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*(\/?)>/g, (_tag, name: string, attributes: string, selfClosing: string) => {
    const sorted = (attributes.match(/[a-z-]+(?:="[^"]*")?/g) ?? []).sort().join(' ');
    return `<${name}${sorted ? ` ${sorted}` : ''}${selfClosing}>`;
  });

describe('the thin Utrecht components', () => {
  it('write the markup of @utrecht/component-library-react', () => {
    const reference = spawnSync(process.execPath, ['--input-type=module', '-e', referenceScript, JSON.stringify(cases)], {
      encoding: 'utf8',
    });
    expect(reference.stderr).toBe('');
    const expected = (JSON.parse(reference.stdout) as string[]).map(normalised);
    const components = { ...alert, ...badge, ...dataList, ...heading, ...paragraph, ...select, ...table, ...textarea } as unknown as Record<
      string,
      ComponentType<Record<string, unknown>>
    >;
    const actual = cases.map(([name, props, text]) => normalised(renderToStaticMarkup(createElement(components[name], props, text))));
    expect(actual).toEqual(expected);
  });
});
