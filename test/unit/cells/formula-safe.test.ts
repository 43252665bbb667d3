import {
  MAX_CELL_CHARS, expectedReadBack, isTruncatedCellText, toSafeCellText, truncateForCell,
} from '../../../src/core/cells/formula-safe';

describe('toSafeCellText', () => {
  it.each([
    ['a formula', '=HYPERLINK("x")'],
    ['a formula after spaces', '  =1+2'],
    ['a phone number with a plus', '+1 555 0100'],
    ['text starting with a minus', '-5 days'],
    ['text starting with an at sign', '@home'],
    ['text with its own leading apostrophe', "'quoted"],
    ['an error literal', '#N/A'],
    ['a tab first (CSV injection)', '\tcmd'],
    ['leading zeros', '00123'],
    ['scientific notation', '1e5'],
    ['a boolean', 'TRUE'],
    ['a boolean in lower case', 'false'],
    ['an ISO date', '2026-01-01'],
    ['a US date', '1/31/2026'],
    ['a date with a month name', 'Jan 5, 2026'],
    ['a German date', '5. Januar 2026'],
    ['a time', '10:30 pm'],
    ['a percentage', '50%'],
    ['a currency amount', '$1,200.50'],
    ['an accounting negative', '(5)'],
    ['a plain number', '42'],
  ])('prefixes %s', (_case, text) => {
    const written = toSafeCellText(text);

    expect(written).toBe(`'${text}`);
  });

  it.each([
    ['a company', 'Acme'],
    ['accented text', 'naïve café'],
    ['Japanese', '東京'],
    ['an emoji', '😀'],
    ['a sentence with a number', 'Call back after the trade show in Berlin on Monday 12th'],
    ['an email', 'ana@example.com'],
    ['an empty string', ''],
  ])('leaves %s alone', (_case, text) => {
    expect(toSafeCellText(text)).toBe(text);
  });

  it.each([
    ['=HYPERLINK("x")'], ['+1 555 0100'], ["'quoted"], ["''twice"], ['00123'], ['Acme'], ['😀'], [''],
  ])('reads back %j exactly as Zoho sent it', (text) => {
    const readBack = expectedReadBack(toSafeCellText(text));

    expect(readBack).toBe(text);
  });
});

describe('truncateForCell', () => {
  it('leaves text that fits unchanged and unflagged', () => {
    const text = 'x'.repeat(MAX_CELL_CHARS);

    const result = truncateForCell(text);

    expect(result).toEqual({ text, truncated: false, removedChars: 0 });
  });

  it('cuts longer text to the cell limit with a visible marker, and flags it', () => {
    const text = 'x'.repeat(62345);

    const result = truncateForCell(text);

    expect(result.truncated).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(result.text).toMatch(/ \[cut to fit the sheet: 12,4\d\d more characters are in Zoho CRM\]$/);
    expect(result.text.length - result.text.indexOf(' [cut') + result.removedChars).toBeGreaterThan(12345);
    expect(isTruncatedCellText(result.text)).toBe(true);
  });

  it('never splits an emoji in half', () => {
    const text = '😀'.repeat(100);

    const result = truncateForCell(text, 80);

    const kept = result.text.slice(0, result.text.indexOf(' [cut'));
    expect(kept).toBe('😀'.repeat(kept.length / 2));
    expect(result.removedChars + kept.length).toBe(text.length);
  });

  it('does not mistake ordinary text for a cut cell', () => {
    expect(isTruncatedCellText('Notes [cut to fit the sheet] by hand')).toBe(false);
  });
});
