import { parallelReadsFor } from '../../../src/core/zoho/concurrency';

describe('parallelReadsFor', () => {
  it.each([
    ['free', 4], ['standard', 9], ['professional', 9], ['enterprise', 9], ['Ultimate', 9], [undefined, 4], ['unheard-of', 4],
  ])('an org of edition %s sends at most %i reads together, one below its limit', (edition, expected) => {
    expect(parallelReadsFor(edition)).toBe(expected);
  });
});
