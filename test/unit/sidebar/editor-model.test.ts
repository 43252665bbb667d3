import {
  filterByQuery, moveItem, selectAll, selectNone, sheetNameProblem, toggleSelected, trustedAuthorizationUrl, uniqueSheetName,
} from '../../../src/sidebar/editor-model';

const fields = [
  { label: 'Last Name', apiName: 'Last_Name' },
  { label: 'Lead Source', apiName: 'Lead_Source' },
  { label: 'Café visits', apiName: 'Cafe_Visits__c' },
  { label: 'Email', apiName: 'Email' },
];
const texts = (f: { label: string; apiName: string }): string[] => [f.label, f.apiName];

describe('filterByQuery', () => {
  it.each([
    ['', ['Last_Name', 'Lead_Source', 'Cafe_Visits__c', 'Email']],
    ['lead', ['Lead_Source']],
    ['LEAD src', []],
    ['lead sou', ['Lead_Source']],
    ['cafe', ['Cafe_Visits__c']],
    ['café', ['Cafe_Visits__c']],
    ['last_name', ['Last_Name']],
    ['  ', ['Last_Name', 'Lead_Source', 'Cafe_Visits__c', 'Email']],
  ])('finds %j', (query, expected) => {
    expect(filterByQuery(fields, query, texts).map((f) => f.apiName)).toEqual(expected);
  });
});

describe('moveItem', () => {
  it.each([
    [1, -1, ['b', 'a', 'c']],
    [1, 1, ['a', 'c', 'b']],
    [0, -1, ['a', 'b', 'c']],
    [2, 1, ['a', 'b', 'c']],
    [5, -1, ['a', 'b', 'c']],
  ])('moves index %d by %d', (index, delta, expected) => {
    const list = ['a', 'b', 'c'];

    expect(moveItem(list, index, delta)).toEqual(expected);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});

describe('selection', () => {
  it('select all adds what is shown at the end and keeps the chosen order', () => {
    expect(selectAll(['Email', 'Last_Name'], ['Last_Name', 'Lead_Source', 'Lead_Source'])).toEqual(['Email', 'Last_Name', 'Lead_Source']);
  });

  it('none removes only what is shown', () => {
    expect(selectNone(['Email', 'Last_Name', 'Lead_Source'], ['Lead_Source', 'Last_Name'])).toEqual(['Email']);
  });

  it('toggling on appends and toggling off removes', () => {
    expect(toggleSelected(['Email'], 'Phone', true)).toEqual(['Email', 'Phone']);
    expect(toggleSelected(['Email', 'Phone'], 'Email', false)).toEqual(['Phone']);
    expect(toggleSelected(['Email'], 'Email', true)).toEqual(['Email']);
  });
});

describe('sheet names', () => {
  it.each([
    ['Leads', ['Sheet1'], 'Leads'],
    ['Leads', ['Leads'], 'Leads 2'],
    ['Leads', ['leads', 'Leads 2'], 'Leads 3'],
    ['  ', [], 'Zoho'],
  ])('a new %j next to %j is %j', (base, taken, expected) => {
    expect(uniqueSheetName(base, taken)).toBe(expected);
  });

  it('keeps room for the number within 100 characters', () => {
    const long = 'x'.repeat(150);

    expect(uniqueSheetName(long, [long.slice(0, 96)]).length).toBeLessThanOrEqual(100);
  });

  it.each([
    ['', 'Give the sheet a name.'],
    ['x'.repeat(101), 'Sheet names have at most 100 characters.'],
    ['Leads', null],
  ])('checks %j', (name, problem) => {
    expect(sheetNameProblem(name)).toBe(problem);
  });
});

describe('trustedAuthorizationUrl', () => {
  it.each([
    'https://accounts.zoho.com/oauth/v2/auth?client_id=1',
    'https://accounts.zoho.eu/oauth/v2/auth',
    'https://accounts.zoho.com.au/oauth/v2/auth',
    'https://accounts.zohocloud.ca/oauth/v2/auth',
    'http://127.0.0.1:4010/oauth/v2/auth',
  ])('links %s', (url) => {
    expect(trustedAuthorizationUrl(url)).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'https://accounts.zoho.com.evil.example/oauth',
    'https://accounts.zoho.com@evil.example/',
    'http://accounts.zoho.com/oauth/v2/auth',
    'http://192.168.0.1:80/oauth',
    'https://evil.example/?https://accounts.zoho.com/',
  ])('refuses %s', (url) => {
    expect(trustedAuthorizationUrl(url)).toBeNull();
  });

  it('refuses a non-string', () => {
    expect(trustedAuthorizationUrl(null)).toBeNull();
  });
});
