import { parseJsonKeepingDigits } from '../../../src/core/zoho/json-text';

describe('parseJsonKeepingDigits', () => {
  it.each<[string, string, unknown]>([
    ['a Long Integer past 2^53 keeps its digits, as text', '{"Ref":123456789012345678}', { Ref: '123456789012345678' }],
    ['a negative one too', '[-123456789012345678, 1]', ['-123456789012345678', 1]],
    ['a safe integer stays a number', '{"n":9007199254740991,"m":42}', { n: 9007199254740991, m: 42 }],
    ['an amount with a fraction stays a number', '{"a":1234567890123456.5}', { a: 1234567890123456.5 }],
    ['digits inside a string are left alone', '{"t":"id 123456789012345678, \\"x\\": 123456789012345678"}', { t: 'id 123456789012345678, "x": 123456789012345678' }],
    ['an id already sent as a string is unchanged', '{"id":"4150868000000002175"}', { id: '4150868000000002175' }],
  ])('%s', (_name, text, expected) => {
    expect(parseJsonKeepingDigits(text)).toEqual(expected);
  });

  it('throws on text that is not JSON, as JSON.parse does', () => {
    expect(() => parseJsonKeepingDigits('{"data":[{"id":"1234567890123456789","Last_Name":"Tru')).toThrow(SyntaxError);
  });
});
