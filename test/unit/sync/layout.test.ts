// Finding a sheet's columns: by tag first (developer metadata that moves with its column), by header
// for columns not tagged yet, and what has to be written so header and tags match what was found.

import { readSpans } from '../../../src/core/sync/cell-writes';
import { COLUMN_TAG_KEY, FIELD_TAG_KEY, findLayout, resolveLayout } from '../../../src/core/sync/layout';
import type { SyncDefinition } from '../../../src/core/sync/definition';
import type { ColumnTag } from '../../../src/core/sync/grid';
import type { ZohoField } from '../../../src/core/zoho/wire';
import { ArrayGrid } from '../../helpers/fakes';

const definition = { module: 'Leads', fields: ['Company', 'Email'] } as unknown as SyncDefinition;
const field = (api_name: string, field_label: string, data_type = 'text') => ({ api_name, field_label, data_type }) as unknown as ZohoField;
const fields = [field('Company', 'Company'), field('Email', 'Email'), field('Phone', 'Phone')];
const renamed = [field('Company', 'Firma'), field('Email', 'Email'), field('Phone', 'Phone')];
const HEADER = ['Company', 'Email', 'Sync status', 'Zoho record ID', 'Zoho sync data'];

let nextId = 1;
function tags(...spec: Array<[number, string]>): ColumnTag[] {
  return spec.map(([column, name]) => (['status', 'id', 'meta'].includes(name)
    ? { id: nextId++, column, key: COLUMN_TAG_KEY, value: name }
    : { id: nextId++, column, key: FIELD_TAG_KEY, value: name }));
}
const ALL_TAGGED = (): ColumnTag[] => tags([1, 'Company'], [2, 'Email'], [3, 'status'], [4, 'id'], [5, 'meta']);

describe('resolveLayout', () => {
  it.each([
    ['untagged, by header', HEADER, [] as ColumnTag[], fields, [1, 2], 5],
    ['tagged, label renamed in Zoho', HEADER, ALL_TAGGED(), renamed, [1, 2], 0],
    ['tagged, our headers renamed by the user', ['Company', 'Email', 'State', 'Id', 'Data'], ALL_TAGGED(), fields, [1, 2], 0],
    ['cells swapped without their columns: the header wins', ['Email', 'Company', 'Sync status', 'Zoho record ID', 'Zoho sync data'], ALL_TAGGED(), fields, [2, 1], 2],
  ])('%s', (_, header, columnTags, moduleFields, fieldColumns, addedTags) => {
    const { layout, repairs } = resolveLayout(header, columnTags, definition, moduleFields, 'Leads');

    expect(layout.fieldColumns).toEqual(fieldColumns);
    expect([layout.statusColumn, layout.idColumn, layout.metaColumn]).toEqual([3, 4, 5]);
    expect(repairs.addTags).toHaveLength(addedTags);
  });

  it('re-renders renamed headers from Zoho\'s labels and our own names', () => {
    const { repairs } = resolveLayout(['Company', 'Email', 'State', 'Zoho record ID', 'Zoho sync data'], ALL_TAGGED(), definition, renamed, 'Leads');

    expect(repairs.headers).toEqual([{ column: 1, text: 'Firma' }, { column: 3, text: 'Sync status' }]);
    expect(repairs.removeTags).toEqual([]);
  });

  it('removes tags left where their field no longer is', () => {
    const stale = ALL_TAGGED();

    const { repairs } = resolveLayout(['Email', 'Company', 'Sync status', 'Zoho record ID', 'Zoho sync data'], stale, definition, fields, 'Leads');

    expect(repairs.removeTags.sort()).toEqual([stale[0]!.id, stale[1]!.id].sort());
    expect(repairs.addTags).toEqual([{ column: 2, key: FIELD_TAG_KEY, value: 'Company' }, { column: 1, key: FIELD_TAG_KEY, value: 'Email' }]);
  });

  it('keeps the column of a field dropped from the sync by its tag, for rows pulled under that list', () => {
    const { layout } = resolveLayout([...HEADER, 'Old Phone'], [...ALL_TAGGED(), ...tags([6, 'Phone'])], definition, fields, 'Leads');

    expect(layout.taggedFields).toMatchObject({ Company: 1, Email: 2, Phone: 6 });
  });

  it.each([
    ['a field\'s header cleared', ['', 'Email', 'Sync status', 'Zoho record ID', 'Zoho sync data'], /no column headed "Company"/],
    ['the id column gone', ['Company', 'Email', 'Sync status', '', 'Zoho sync data'], /"Zoho record ID" column.*is gone/],
  ])('stops with the clear message when %s', (_, header, message) => {
    const withoutId = ALL_TAGGED().filter((t) => t.value !== 'id');

    expect(() => resolveLayout(header, withoutId, definition, fields, 'Leads')).toThrow(message);
  });

  it.each([
    ['a record\'s row on top', ['Acme', 'a@acme.example', '', '2098765000110000001', '{"m":"2026-01-01T00:00:00+00:00","f":"x"}']],
    ['a row on top whose sync data is still there', ['Acme', 'a@acme.example', 'Sent', '', '{"m":"","f":"x"}']],
    ['a new row the user typed, on top', ['Acme', '', '', '', '']],
  ])('stops before any repair when the header row was sorted into the data: %s', (_, header) => {
    expect(() => resolveLayout(header, ALL_TAGGED(), definition, fields, 'Leads')).toThrow(/Row 1 of sheet "Leads" holds (a record|a row of data), not the column headers/);
  });

  it('re-renders our own headers when they were cleared above the field headers, where nothing typed can be lost', () => {
    const { repairs } = resolveLayout(['Company', 'Email', '', '', ''], ALL_TAGGED(), definition, fields, 'Leads');

    expect(repairs.headers.map((h) => h.column)).toEqual(expect.arrayContaining([3, 4, 5]));
  });
});

describe('findLayout', () => {
  it('tags an untagged sheet once, then writes a renamed header as text', () => {
    const grid = new ArrayGrid();
    grid.writeValues(1, 1, [HEADER]);

    findLayout(grid, definition, fields);
    const again = findLayout(grid, definition, [field('Company', '=Firma'), ...fields.slice(1)]);

    expect(grid.values[0]![0]).toBe('=Firma');
    expect(grid.formats[0]![0]).toBe('@');
    expect(grid.tags).toHaveLength(5);
    expect(again.layout.fieldColumns).toEqual([1, 2]);
  });
});

describe('reading several columns', () => {
  it('takes the status column and a user column or two along rather than making another Sheets call', () => {
    expect(readSpans([1, 2, 3, 5, 6])).toEqual([{ start: 1, width: 6, columns: [1, 2, 3, 5, 6] }]);
    expect(readSpans([6, 1, 2, 9])).toEqual([{ start: 1, width: 9, columns: [1, 2, 6, 9] }]);
  });

  it('reads columns far apart separately, and each column once', () => {
    expect(readSpans([1, 2, 20, 2, 21])).toEqual([{ start: 1, width: 2, columns: [1, 2] }, { start: 20, width: 2, columns: [20, 21] }]);
    expect(readSpans([0, 4])).toEqual([{ start: 4, width: 1, columns: [4] }]);
  });
});
