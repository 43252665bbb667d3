import {
  draftFromFilter, draftProblem, filterFromDraft, filterKey, isoToLocalDateTime, localDateTimeToIso, newCondition, ownerChoiceLabel,
  parseValueLines, resizeValues, valueInputKind, withField, withOperator, type FilterDraft, type FilterField,
} from '../../../src/sidebar/filter-model';
import type { SheetFilter } from '../../../src/shared/rpc';

const TEXT_OPS: FilterField['operators'] = [
  { id: 'equals', label: 'is', values: 1 },
  { id: 'contains', label: 'contains', values: 1 },
  { id: 'in', label: 'is one of', values: 'many' },
  { id: 'is_empty', label: 'is empty', values: 0 },
];
const fields: FilterField[] = [
  { apiName: 'Company', label: 'Company', dataType: 'text', operators: TEXT_OPS },
  { apiName: 'Email', label: 'Email', dataType: 'text', operators: TEXT_OPS },
  {
    apiName: 'Lead_Status', label: 'Lead Status', dataType: 'picklist',
    operators: [{ id: 'equals', label: 'is', values: 1 }, { id: 'in', label: 'is one of', values: 'many' }],
    picklist: [{ value: 'Contacted', label: 'Contacted' }, { value: 'Not Contacted', label: 'Not Contacted' }],
  },
  {
    apiName: 'Annual_Revenue', label: 'Annual Revenue', dataType: 'currency',
    operators: [{ id: 'greater_than', label: 'is more than', values: 1 }, { id: 'between', label: 'is between', values: 2 }],
  },
  { apiName: 'Email_Opt_Out', label: 'Email Opt Out', dataType: 'boolean', operators: [{ id: 'is_true', label: 'is ticked', values: 0 }] },
];

function draft(patch: Partial<FilterDraft>): FilterDraft {
  return { ...draftFromFilter(null), ...patch };
}

describe('filterFromDraft', () => {
  it.each<[string, Partial<FilterDraft>, SheetFilter | null]>([
    ['nothing chosen saves no filter (every record)', {}, null],
    ['a custom view', { view: { cvid: '42', name: 'My Leads' } }, { view: { cvid: '42', name: 'My Leads' } }],
    ['only records I own', { owner: { id: '7', name: 'Lena Fischer' } }, { owner: { id: '7', name: 'Lena Fischer' } }],
    ['one condition, values trimmed, no match', { conditions: [{ field: 'Company', operator: 'equals', values: [' Acme '] }], match: 'any' },
      { conditions: [{ field: 'Company', operator: 'equals', values: ['Acme'] }] }],
    ['two conditions keep any', {
      conditions: [{ field: 'Company', operator: 'equals', values: ['Acme'] }, { field: 'Email_Opt_Out', operator: 'is_true', values: [] }], match: 'any',
    }, { conditions: [{ field: 'Company', operator: 'equals', values: ['Acme'] }, { field: 'Email_Opt_Out', operator: 'is_true', values: [] }], match: 'any' }],
  ])('%s', (_name, patch, expected) => {
    expect(filterFromDraft(draft(patch))).toEqual(expected);
  });

  it('round-trips a saved filter through the draft', () => {
    const saved: SheetFilter = {
      view: { cvid: '1', name: 'Open' }, owner: { id: '9', name: 'Zoë Martin' },
      conditions: [{ field: 'Lead_Status', operator: 'in', values: ['Contacted', 'Not Contacted'] }, { field: 'Company', operator: 'is_empty', values: [] }],
      match: 'all',
    };

    expect(filterFromDraft(draftFromFilter(saved))).toEqual(saved);
  });
});

describe('filterKey', () => {
  it('tells filters apart that differ in a value, the owner or all/any', () => {
    const base: SheetFilter = { conditions: [{ field: 'Company', operator: 'equals', values: ['A'] }, { field: 'Email', operator: 'is_empty', values: [] }], match: 'all' };
    const keys = [
      base,
      { ...base, match: 'any' as const },
      { ...base, owner: { id: '1', name: 'x' } },
      { ...base, conditions: [{ field: 'Company', operator: 'equals' as const, values: ['B'] }, base.conditions![1]!] },
      null,
    ].map(filterKey);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does not tell apart what saves the same (a view\'s name, match of one condition)', () => {
    expect(filterKey({ view: { cvid: '5', name: 'Old name' } })).toBe(filterKey({ view: { cvid: '5', name: 'New name' } }));
    expect(filterKey({ conditions: [{ field: 'Email', operator: 'is_empty', values: [] }], match: 'any' }))
      .toBe(filterKey({ conditions: [{ field: 'Email', operator: 'is_empty', values: [] }] }));
  });
});

describe('conditions follow the field and operator', () => {
  it('starts on the first field with its first operator and one empty value', () => {
    expect(newCondition(fields)).toEqual({ field: 'Company', operator: 'equals', values: [''] });
    expect(newCondition([])).toBeNull();
  });

  it.each([
    ['text to text keeps operator and value', { field: 'Company', operator: 'contains' as const, values: ['Ac'] }, 'Email', { field: 'Email', operator: 'contains', values: ['Ac'] }],
    ['text to picklist drops the typed value', { field: 'Company', operator: 'equals' as const, values: ['Ac'] }, 'Lead_Status', { field: 'Lead_Status', operator: 'equals', values: [''] }],
    ['an operator the field lacks becomes its first', { field: 'Company', operator: 'contains' as const, values: ['Ac'] }, 'Annual_Revenue', { field: 'Annual_Revenue', operator: 'greater_than', values: [''] }],
    ['to a boolean: no value box', { field: 'Company', operator: 'equals' as const, values: ['Ac'] }, 'Email_Opt_Out', { field: 'Email_Opt_Out', operator: 'is_true', values: [] }],
  ])('%s', (_name, before, apiName, expected) => {
    expect(withField(before, fields, apiName)).toEqual(expected);
  });

  it.each([
    ['one value to between keeps it as the lower end', 'between' as const, ['100'], ['100', '']],
    ['between to one value keeps the lower end', 'greater_than' as const, ['100', '900'], ['100']],
  ])('%s', (_name, operator, values, expected) => {
    expect(withOperator({ field: 'Annual_Revenue', operator: 'greater_than', values }, fields, operator).values).toEqual(expected);
  });

  it.each<[string[], 0 | 1 | 2 | 'many', string[]]>([
    [[], 0, []], [['a'], 0, []], [[], 2, ['', '']], [['a', 'b', 'c'], 1, ['a']], [['a', ' ', ''], 'many', ['a']],
  ])('resizes %j to %j values', (values, arity, expected) => {
    expect(resizeValues(values, arity)).toEqual(expected);
  });
});

describe('draftProblem', () => {
  it.each<[string, FilterDraft['conditions'], string | null]>([
    ['a complete condition', [{ field: 'Company', operator: 'equals', values: ['Acme'] }], null],
    ['no value needed', [{ field: 'Company', operator: 'is_empty', values: [] }], null],
    ['a missing value', [{ field: 'Company', operator: 'equals', values: ['  '] }], 'Condition: give Company a value.'],
    ['half a range', [{ field: 'Annual_Revenue', operator: 'between', values: ['1', ''] }], 'Condition: give Annual Revenue both ends of the range.'],
    ['no value of a list', [{ field: 'Lead_Status', operator: 'in', values: [] }], 'Condition: give Lead Status at least one value.'],
    ['a field Zoho removed', [{ field: 'Gone__c', operator: 'equals', values: ['x'] }], 'Condition: Zoho no longer has the field Gone__c; pick another or remove the condition.'],
    ['an operator the field lacks', [{ field: 'Email_Opt_Out', operator: 'contains', values: ['x'] }], 'Condition: Email Opt Out cannot be compared that way; pick another operator.'],
    ['the second of two is numbered', [{ field: 'Company', operator: 'is_empty', values: [] }, { field: 'Email', operator: 'equals', values: [''] }], 'Condition 2: give Email a value.'],
  ])('%s', (_name, conditions, expected) => {
    expect(draftProblem(draft({ conditions }), fields)).toBe(expected);
  });
});

describe('values', () => {
  it('takes one value a line, so a value may hold a comma', () => {
    expect(parseValueLines('Acme, Inc.\n\n  Globex \nAcme, Inc.\r\nInitech')).toEqual(['Acme, Inc.', 'Globex', 'Initech']);
  });

  it.each([
    ['date', 'date'], ['datetime', 'datetime'], ['currency', 'number'], ['integer', 'number'], ['double', 'number'], ['text', 'text'], ['email', 'text'], ['lookup', 'text'],
  ])('types a %s value into a %s box', (dataType, kind) => {
    expect(valueInputKind(dataType)).toBe(kind);
  });

  it.each([
    ['2026-11-30T09:00', 60, '2026-11-30T09:00:00+01:00'],
    ['2026-07-01T23:30', 330, '2026-07-01T23:30:00+05:30'],
    ['2026-03-02T08:15', -300, '2026-03-02T08:15:00-05:00'],
    ['2026-03-02T08:15', 0, '2026-03-02T08:15:00+00:00'],
    ['not a date', 60, 'not a date'],
  ])('stores %s at offset %i as %s', (local, offset, iso) => {
    expect(localDateTimeToIso(local, offset)).toBe(iso);
  });

  it('shows a saved datetime\'s wall clock in the picker', () => {
    expect(isoToLocalDateTime('2026-11-30T09:00:00+01:00')).toBe('2026-11-30T09:00');
    expect(isoToLocalDateTime('')).toBe('');
  });
});

describe('ownerChoiceLabel', () => {
  const me = { id: '1', name: 'Lena Fischer' };

  it.each([
    ['unticked', null, me, 'Only records I own'],
    ['ticked by me', me, me, 'Only records I own'],
    ['ticked by a colleague: named, not passed off as mine', { id: '2', name: 'Jonas Weber' }, me, 'Only records owned by Jonas Weber'],
    ['ticked, and Zoho does not say who I am', { id: '2', name: 'Jonas Weber' }, null, 'Only records owned by Jonas Weber'],
  ])('%s', (_name, owner, who, expected) => {
    expect(ownerChoiceLabel(owner, who)).toBe(expected);
  });
});
