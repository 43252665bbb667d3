// Named builders for Zoho field metadata and cell contexts, so each test row states only what
// matters to it: givenField('currency', {currency: {precision: 0}}), sheetIn('Asia/Kolkata').

import type { ZohoField, ZohoPicklistValue } from '../../../../src/core/zoho/wire';
import type { EncodeContext } from '../../../../src/core/cells/record-codec';
import { intlZones } from './intl-zone-offsets';

const LABELS: Record<string, string> = {
  text: 'Company', textarea: 'Description', email: 'Email', phone: 'Phone', website: 'Website',
  autonumber: 'Lead Number', integer: 'Employees', bigint: 'External Id', double: 'Score',
  currency: 'Amount', percent: 'Probability', boolean: 'Email Opt Out', date: 'Close date',
  datetime: 'Follow-up at', picklist: 'Lead Status', multiselectpicklist: 'Interests',
  lookup: 'Account Name', ownerlookup: 'Owner', userlookup: 'Reviewer', formula: 'Weighted',
  subform: 'Line Items',
};

export function givenField(dataType: string, extra: Partial<ZohoField> = {}): ZohoField {
  const label = LABELS[dataType] ?? dataType;
  return { api_name: label.replace(/[^A-Za-z]+/g, '_'), field_label: label, data_type: dataType, ...extra };
}

export function picklist(...names: string[]): ZohoPicklistValue[] {
  return names.map((name) => ({ display_value: name, actual_value: name }));
}

/** A context for a spreadsheet whose time zone is `timeZone`. */
export function sheetIn(timeZone: string, extra: Partial<EncodeContext> = {}): EncodeContext {
  return { timeZone, zones: intlZones, ...extra };
}

export const iso = (date: unknown): string => (date instanceof Date ? date.toISOString() : `not a Date: ${String(date)}`);
