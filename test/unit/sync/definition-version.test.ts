import type { SyncDefinition } from '../../../src/core/sync/definition';
import { definitionVersion, staleRemoveProblem, staleSaveProblem } from '../../../src/core/sync/definition-version';

const leads: SyncDefinition = { module: 'Leads', fields: ['Last_Name', 'Company'], deletedRows: 'remove' };

describe('a sync definition\'s version', () => {
  it.each<[string, Partial<SyncDefinition>]>([
    ['a field added', { fields: ['Last_Name', 'Company', 'Email'] }],
    ['the columns reordered', { fields: ['Company', 'Last_Name'] }],
    ['deleted records marked', { deletedRows: 'mark' }],
    ['workflows turned off', { runWorkflows: false }],
    ['a filter set', { filter: { conditions: [{ field: 'Company', operator: 'equals', values: ['Acme'] }] } }],
  ])('changes with %s', (_, change) => {
    expect(definitionVersion({ ...leads, ...change })).not.toBe(definitionVersion(leads));
  });

  it('stays the same when only the tab or org it is bound to is recorded', () => {
    expect(definitionVersion({ ...leads, sheetId: 7, org: { id: '1', name: 'Acme' } })).toBe(definitionVersion(leads));
  });
});

describe('a save from a sidebar that read the definition earlier', () => {
  it.each<[string, string | null | undefined, SyncDefinition | null, RegExp | null]>([
    ['the version it read', definitionVersion(leads), leads, null],
    ['a version a teammate has replaced', definitionVersion(leads), { ...leads, fields: ['Last_Name'] }, /teammate changed the sync of "Leads"/],
    ['a sheet whose sync a teammate removed', definitionVersion(leads), null, /"Leads" is no longer a synced sheet: a teammate stopped syncing it or renamed its tab/],
    ['a new sheet a teammate set up meanwhile', null, leads, /teammate set up "Leads" as a synced sheet \(Leads\)/],
    ['a new sheet nobody set up', null, null, null],
    ['no version (a caller that does not check)', undefined, leads, null],
  ])('based on %s', (_, basedOn, current, problem) => {
    const answer = staleSaveProblem('Leads', basedOn, current);

    if (problem) expect(answer).toMatch(problem);
    else expect(answer).toBeNull();
  });
});

describe('stopping a sync from a sidebar that read it earlier', () => {
  it.each<[string, string | undefined, SyncDefinition | null, boolean]>([
    ['the version it showed', definitionVersion(leads), leads, false],
    ['a version a teammate has replaced', definitionVersion(leads), { ...leads, fields: ['Last_Name'] }, true],
    ['a sync already removed', definitionVersion(leads), null, false],
    ['no version (a caller that does not check)', undefined, { ...leads, fields: ['Last_Name'] }, false],
  ])('based on %s', (_, basedOn, current, refused) => {
    const answer = staleRemoveProblem('Leads', basedOn, current);

    if (refused) expect(answer).toMatch(/teammate changed the sync of "Leads".*Nothing was removed/);
    else expect(answer).toBeNull();
  });
});
