// The rules of a sheet's filter: operators per Zoho type, what Zoho cannot express, words, COQL.
import { filterCriteria, filterKey, filterProblem, filterWords, operatorsFor } from '../../../src/core/sync/filter-rules';
import type { ZohoField } from '../../../src/core/zoho/wire';

const field = (api_name: string, data_type: string, extra: Partial<ZohoField> = {}): ZohoField => ({ api_name, field_label: api_name.replace(/_/g, ' '), data_type, ...extra } as ZohoField);
const FIELDS = [
  field('Lead_Status', 'picklist', { pick_list_values: [{ actual_value: 'Contacted', display_value: 'Contacted' }, { actual_value: 'Junk Lead', display_value: 'Junk Lead' }] as ZohoField['pick_list_values'] }),
  field('Lead_Score', 'integer'), field('Company', 'text'), field('Description', 'textarea'), field('Is_Partner', 'boolean'), field('Next_Follow_Up', 'datetime'),
];

describe('operators per Zoho type', () => {
  it.each([
    ['picklist', ['equals', 'not_equals', 'in', 'not_in', 'is_empty', 'is_not_empty']],
    ['boolean', ['is_true', 'is_false']],
    ['datetime', ['greater_than', 'greater_equal', 'less_than', 'less_equal', 'between', 'is_empty', 'is_not_empty']],
    ['textarea', []],
  ])('%s offers %j', (type, ops) => {
    expect(operatorsFor(field('F', type)).map((o) => o.id)).toEqual(ops);
  });
});

describe('what Zoho cannot express', () => {
  it.each([
    [{ conditions: [{ field: 'Description', operator: 'contains' as const, values: ['x'] }] }, 'Condition 1: Zoho cannot filter on Description (a multi-line text field). Remove that condition or use a custom view.'],
    [{ view: { cvid: '1', name: 'V' }, owner: { id: '2', name: 'Me' } }, 'A custom view cannot be combined with other conditions: Zoho filters a view only by its own criteria. Pick the view alone, or build the conditions without it.'],
    [{ conditions: [{ field: 'Lead_Score', operator: 'greater_than' as const, values: ['ten'] }] }, 'Condition 1: Lead Score needs a number, not "ten".'],
    [{ conditions: [{ field: 'Company', operator: 'contains' as const, values: ['50%'] }] }, 'Condition 1: Zoho cannot search for a "%" in Company.'],
    [{ conditions: [{ field: 'Lead_Status', operator: 'equals' as const, values: ['Hot'] }] }, 'Condition 1: "Hot" is not a value of Lead Status.'],
  ])('refuses %j', (filter, problem) => {
    expect(filterProblem(filter, FIELDS)).toBe(problem);
  });
});

describe('COQL and words', () => {
  it('pairs more than two criteria with parentheses, as Zoho requires, with the owner on top', () => {
    const filter = { owner: { id: '111', name: 'Jane Roe' }, match: 'any' as const, conditions: [
      { field: 'Lead_Status', operator: 'equals' as const, values: ["O'Brien"] },
      { field: 'Lead_Score', operator: 'between' as const, values: ['10', '20'] },
      { field: 'Is_Partner', operator: 'is_true' as const, values: [] },
    ] };

    expect(filterCriteria(filter, FIELDS)).toBe("(Owner = '111' and (((Lead_Status = 'O''Brien' or Lead_Score between 10 and 20) or Is_Partner = true)))");
    expect(filterWords(filter, FIELDS)).toBe("Only records owned by Jane Roe, where (Lead Status is O'Brien or Lead Score is between 10 and 20 or Is Partner is checked)");
  });

  it('keys cursors by filter: another filter, another key; no filter, the key of before', () => {
    expect(filterKey(null)).toBe('');
    expect(filterKey({ owner: { id: '1', name: 'A' } })).not.toBe(filterKey({ owner: { id: '2', name: 'B' } }));
  });
});
