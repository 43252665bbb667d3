// Whose schedule may run a spreadsheet's sheets: a user connected to another org than every
// synced sheet's would have each run refuse each sheet, so starting or taking over is refused.
import { scheduleOrgProblem, type OrgRef } from '../../../src/core/sync/binding';

const EU: OrgRef = { id: '800200002', name: 'Beispiel Vertrieb GmbH', dc: 'Europe' };
const US: OrgRef = { id: '700100001', name: 'Acme Sales Inc.', dc: 'United States' };

describe('a schedule of a user connected to the US org', () => {
  it.each([
    ['no synced sheet yet', 'not refused', []],
    ['only EU sheets', 'refused', [{ name: 'Leads', org: EU }, { name: 'Deals', org: EU }]],
    ['an EU sheet and a US sheet', 'not refused', [{ name: 'Leads', org: EU }, { name: 'Accounts', org: US }]],
    ['an EU sheet and one set up before orgs were recorded (its first sync adopts one)', 'not refused', [{ name: 'Leads', org: EU }, { name: 'Old' }]],
  ])('with %s: %s', (_case, outcome, sheets) => {
    const problem = scheduleOrgProblem(sheets as Array<{ name: string; org?: OrgRef }>, US);

    expect(problem === null ? 'not refused' : 'refused').toBe(outcome);
    expect(problem ?? '').toMatch(outcome === 'refused' ? /^Sheet "Leads" is synced with the Zoho org "Beispiel Vertrieb GmbH" \(Europe data center\), but you are connected to "Acme Sales Inc\." \(United States data center\)\..*the schedule was not changed/ : /^$/);
  });
});
