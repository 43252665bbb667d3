// The four API modules, their fields and how each field's seeded value is made. Field metadata
// served by /settings/fields (crm/metadata.ts), validation (crm/validation.ts) and the seed all
// read this one table. Internal values: datetime = epoch ms, date = 'YYYY-MM-DD', lookup and
// owner = id string, multiselect = string[], everything else as its JSON value.

import { SEED_EPOCH_MS } from '../clock';
import {
  CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, COUNTRIES, DEPARTMENTS, FIRST_NAMES, type GenContext, LAST_NAMES, STATES, TITLES,
  asciiSlug, longText, sentence,
} from './generator';

export type DataType =
  | 'text' | 'textarea' | 'email' | 'phone' | 'website' | 'integer' | 'bigint' | 'double' | 'currency' | 'percent'
  | 'boolean' | 'date' | 'datetime' | 'picklist' | 'multiselectpicklist' | 'lookup' | 'ownerlookup' | 'formula' | 'autonumber';

export type ModuleName = 'Leads' | 'Contacts' | 'Accounts' | 'Deals';
export const API_MODULES: readonly ModuleName[] = ['Leads', 'Contacts', 'Accounts', 'Deals'];

export interface ComputeInput {
  seq: number;
  read(apiName: string): unknown;
}

export interface FieldDef {
  apiName: string;
  label: string;
  dataType: DataType;
  length?: number;
  decimalPlace?: number;
  picklist?: readonly string[];
  lookupModule?: ModuleName;
  mandatory?: boolean;
  unique?: boolean;
  /** Read-only for everyone: formula, autonumber, computed and system fields. */
  readOnly?: boolean;
  system?: boolean;
  custom?: boolean;
  formulaReturnType?: 'double' | 'currency' | 'text';
  autoNumberPrefix?: string;
  gen?: (g: GenContext) => unknown;
  compute?: (input: ComputeInput) => unknown;
}

export interface ModuleDef {
  apiName: ModuleName;
  singular: string;
  plural: string;
  /** Field shown as a lookup's `name` and used as the bulk/COQL display column. */
  displayField: string;
  /** Upsert's default duplicate_check_fields (reference §6.1). */
  systemUniqueField: string;
  fields: FieldDef[];
}

const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pastDate(g: GenContext, maxDaysBack: number): string {
  return isoDate(SEED_EPOCH_MS - g.int(0, maxDaysBack) * DAY_MS);
}

function futureDateTime(g: GenContext): number {
  return SEED_EPOCH_MS + g.int(1, 120) * DAY_MS + g.int(8, 17) * 3_600_000 + g.pick([0, 15, 30, 45]) * 60_000;
}

function phone(g: GenContext): string {
  const style = g.int(0, 2);
  if (style === 0) return `+1 ${g.int(200, 999)} ${g.int(200, 999)} ${String(g.int(0, 9999)).padStart(4, '0')}`;
  if (style === 1) return `+49 30 ${g.int(1000000, 9999999)}`;
  return `(${g.int(200, 999)}) ${g.int(200, 999)}-${String(g.int(0, 9999)).padStart(4, '0')}`;
}

function companyName(g: GenContext): string {
  return `${g.pick(COMPANY_WORDS)} ${g.pick(COMPANY_SUFFIXES)}`;
}

function emailFor(g: GenContext, first: unknown, last: unknown, domain: string): string {
  return `${asciiSlug(String(first ?? 'info'))}.${asciiSlug(String(last ?? 'contact'))}${g.seq}@${domain}`;
}

function fullNameOf(input: ComputeInput): string {
  return [input.read('First_Name'), input.read('Last_Name')].filter((p) => typeof p === 'string' && p !== '').join(' ');
}

const LEAD_SOURCES = ['Advertisement', 'Cold Call', 'Employee Referral', 'External Referral', 'Online Store', 'Partner',
  'Public Relations', 'Seminar Partner', 'Trade Show', 'Web Download', 'Web Research', 'Chat'];
const INDUSTRIES = ['ASP (Application Service Provider)', 'Data/Telecom OEM', 'ERP (Enterprise Resource Planning)', 'Government/Military',
  'Large Enterprise', 'Management ISV', 'MSP (Management Service Provider)', 'Network Equipment Enterprise', 'Non-management ISV',
  'Optical Networking', 'Service Provider', 'Small/Medium Enterprise', 'Storage Equipment', 'Storage Service Provider', 'Systems Integrator', 'Wireless Industry'];
const RATINGS = ['Acquired', 'Active', 'Market Failed', 'Project Cancelled', 'Shut Down'];
const PRODUCTS = ['CRM', 'Analytics', 'Desk', 'Books', 'Projects', 'Campaigns', 'Sign', 'Inventory'];
const LANGUAGES = ['English', 'Deutsch', 'Français', 'Español', '日本語', 'العربية'];

function systemFields(): FieldDef[] {
  return [
    { apiName: 'Created_Time', label: 'Created Time', dataType: 'datetime', readOnly: true, system: true },
    { apiName: 'Modified_Time', label: 'Modified Time', dataType: 'datetime', readOnly: true, system: true },
    { apiName: 'Created_By', label: 'Created By', dataType: 'ownerlookup', readOnly: true, system: true },
    { apiName: 'Modified_By', label: 'Modified By', dataType: 'ownerlookup', readOnly: true, system: true },
  ];
}

const owner: FieldDef = { apiName: 'Owner', label: 'Lead Owner', dataType: 'ownerlookup', gen: (g) => g.owner() };
const salutation: FieldDef = { apiName: 'Salutation', label: 'Salutation', dataType: 'picklist', picklist: ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'], gen: (g) => g.maybe(0.3, () => g.pick(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'])) };
const firstName: FieldDef = { apiName: 'First_Name', label: 'First Name', dataType: 'text', length: 40, gen: (g) => g.maybe(0.05, () => g.pick(FIRST_NAMES)) };
const lastName: FieldDef = { apiName: 'Last_Name', label: 'Last Name', dataType: 'text', length: 80, mandatory: true, gen: (g) => g.pick(LAST_NAMES) };
const fullName: FieldDef = { apiName: 'Full_Name', label: 'Full Name', dataType: 'text', length: 121, readOnly: true, compute: fullNameOf };

const LEADS: ModuleDef = {
  apiName: 'Leads', singular: 'Lead', plural: 'Leads', displayField: 'Full_Name', systemUniqueField: 'Email',
  fields: [
    owner, salutation, firstName, lastName, fullName,
    { apiName: 'Company', label: 'Company', dataType: 'text', length: 200, gen: (g) => companyName(g) },
    { apiName: 'Designation', label: 'Title', dataType: 'text', length: 100, gen: (g) => g.maybe(0.2, () => g.pick(TITLES)) },
    { apiName: 'Email', label: 'Email', dataType: 'email', length: 100, unique: true, gen: (g) => g.maybe(0.04, () => emailFor(g, g.value('First_Name'), g.value('Last_Name'), 'example.com')) },
    { apiName: 'Secondary_Email', label: 'Secondary Email', dataType: 'email', length: 100, gen: (g) => g.maybe(0.8, () => emailFor(g, g.value('Last_Name'), 'alt', 'mail.example.net')) },
    { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.1, () => phone(g)) },
    { apiName: 'Mobile', label: 'Mobile', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.4, () => phone(g)) },
    { apiName: 'Fax', label: 'Fax', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.9, () => phone(g)) },
    { apiName: 'Website', label: 'Website', dataType: 'website', length: 255, gen: (g) => g.maybe(0.3, () => `https://www.${asciiSlug(String(g.value('Company')))}.example`) },
    { apiName: 'Lead_Source', label: 'Lead Source', dataType: 'picklist', picklist: LEAD_SOURCES, gen: (g) => g.maybe(0.1, () => g.pick(LEAD_SOURCES)) },
    { apiName: 'Lead_Status', label: 'Lead Status', dataType: 'picklist', picklist: ['Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre-Qualified', 'Not Qualified'],
      gen: (g) => g.pick(['Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre-Qualified', 'Not Qualified']) },
    { apiName: 'Industry', label: 'Industry', dataType: 'picklist', picklist: INDUSTRIES, gen: (g) => g.maybe(0.2, () => g.pick(INDUSTRIES)) },
    { apiName: 'Rating', label: 'Rating', dataType: 'picklist', picklist: RATINGS, gen: (g) => g.maybe(0.5, () => g.pick(RATINGS)) },
    { apiName: 'No_of_Employees', label: 'No. of Employees', dataType: 'integer', length: 9, gen: (g) => g.maybe(0.2, () => g.int(1, 250000)) },
    { apiName: 'Annual_Revenue', label: 'Annual Revenue', dataType: 'currency', length: 16, decimalPlace: 2, gen: (g) => g.maybe(0.25, () => g.money(10000, 50000000)) },
    { apiName: 'Email_Opt_Out', label: 'Email Opt Out', dataType: 'boolean', gen: (g) => g.chance(0.1) },
    { apiName: 'Skype_ID', label: 'Skype ID', dataType: 'text', length: 50, gen: (g) => g.maybe(0.8, () => `live:${asciiSlug(String(g.value('Last_Name')))}_${g.seq}`) },
    { apiName: 'Twitter', label: 'Twitter', dataType: 'text', length: 50, gen: (g) => g.maybe(0.85, () => `@${asciiSlug(String(g.value('Last_Name')))}${g.int(1, 99)}`) },
    { apiName: 'Street', label: 'Street', dataType: 'text', length: 250, gen: (g) => g.maybe(0.2, () => `${g.int(1, 9999)} ${g.pick(['Main St', 'Hauptstraße 5', 'Rue de Rivoli', 'Calle Mayor', 'Elm Ave'])}`) },
    { apiName: 'City', label: 'City', dataType: 'text', length: 100, gen: (g) => g.maybe(0.15, () => g.pick(CITIES)) },
    { apiName: 'State', label: 'State', dataType: 'text', length: 100, gen: (g) => g.maybe(0.4, () => g.pick(STATES)) },
    { apiName: 'Zip_Code', label: 'Zip Code', dataType: 'text', length: 30, gen: (g) => g.maybe(0.3, () => String(g.int(1000, 99999)).padStart(5, '0')) },
    { apiName: 'Country', label: 'Country', dataType: 'text', length: 100, gen: (g) => g.maybe(0.15, () => g.pick(COUNTRIES)) },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, gen: (g) => g.chance(0.01) ? longText(g.rng, 4096) : g.maybe(0.5, () => sentence(g.rng, g.int(5, 30))) },
    { apiName: 'Lead_Score', label: 'Lead Score', dataType: 'integer', length: 9, custom: true, gen: (g) => g.int(-20, 100) },
    { apiName: 'Budget', label: 'Budget', dataType: 'currency', length: 16, decimalPlace: 2, custom: true, gen: (g) => g.maybe(0.3, () => g.money(500, 250000)) },
    { apiName: 'Win_Probability', label: 'Win Probability', dataType: 'percent', length: 5, custom: true, gen: (g) => g.maybe(0.3, () => g.int(0, 100)) },
    { apiName: 'Discount_Rate', label: 'Discount Rate', dataType: 'double', length: 16, decimalPlace: 2, custom: true, gen: (g) => g.maybe(0.4, () => Math.round(g.rng() * 3500) / 100) },
    { apiName: 'External_Ref_Number', label: 'External Ref Number', dataType: 'bigint', length: 18, custom: true, gen: (g) => g.maybe(0.3, () => String(9_000_000_000_000 + g.seq * 7919 + g.int(0, 7918))) },
    { apiName: 'Last_Contacted_On', label: 'Last Contacted On', dataType: 'date', custom: true, gen: (g) => g.maybe(0.3, () => pastDate(g, 365)) },
    { apiName: 'Next_Follow_Up', label: 'Next Follow Up', dataType: 'datetime', custom: true, gen: (g) => g.maybe(0.5, () => futureDateTime(g)) },
    { apiName: 'Products_Interested', label: 'Products Interested', dataType: 'multiselectpicklist', picklist: PRODUCTS, custom: true, gen: (g) => g.pickMany(PRODUCTS, 3) },
    { apiName: 'Preferred_Language', label: 'Preferred Language', dataType: 'picklist', picklist: LANGUAGES, custom: true, gen: (g) => g.maybe(0.3, () => g.pick(LANGUAGES)) },
    { apiName: 'Is_Partner', label: 'Is Partner', dataType: 'boolean', custom: true, gen: (g) => g.chance(0.15) },
    { apiName: 'LinkedIn_Profile', label: 'LinkedIn Profile', dataType: 'website', length: 255, custom: true, gen: (g) => g.maybe(0.6, () => `https://www.linkedin.com/in/${asciiSlug(String(g.value('Last_Name')))}-${g.seq}`) },
    { apiName: 'Nickname', label: 'Nickname', dataType: 'text', length: 50, custom: true, gen: (g) => g.maybe(0.8, () => g.pick(FIRST_NAMES)) },
    { apiName: 'Department', label: 'Department', dataType: 'text', length: 100, custom: true, gen: (g) => g.maybe(0.3, () => g.pick(DEPARTMENTS)) },
    { apiName: 'Region', label: 'Region', dataType: 'picklist', picklist: ['North America', 'EMEA', 'APAC', 'LATAM'], custom: true, gen: (g) => g.pick(['North America', 'EMEA', 'APAC', 'LATAM']) },
    { apiName: 'Visit_Count', label: 'Visit Count', dataType: 'integer', length: 9, custom: true, gen: (g) => g.int(0, 500) },
    { apiName: 'Avg_Time_Spent_Minutes', label: 'Average Time Spent (Minutes)', dataType: 'double', length: 16, decimalPlace: 2, custom: true, gen: (g) => g.maybe(0.3, () => Math.round(g.rng() * 12000) / 100) },
    { apiName: 'First_Visited_Time', label: 'First Visited Time', dataType: 'datetime', custom: true, gen: (g) => g.maybe(0.4, () => SEED_EPOCH_MS - g.int(1, 365 * 86400) * 1000) },
    { apiName: 'Referrer', label: 'Referrer', dataType: 'website', length: 255, custom: true, gen: (g) => g.maybe(0.7, () => g.pick(['https://www.google.com/', 'https://news.example/item?id=42', 'https://partner.example/ref'])) },
    { apiName: 'Notes_Internal', label: 'Internal Notes', dataType: 'textarea', length: 2000, custom: true, gen: (g) => g.maybe(0.7, () => sentence(g.rng, g.int(3, 12))) },
    { apiName: 'Unsubscribed_Time', label: 'Unsubscribed Time', dataType: 'datetime', custom: true, gen: (g) => g.maybe(0.9, () => SEED_EPOCH_MS - g.int(1, 200 * 86400) * 1000) },
    { apiName: 'Lead_Number', label: 'Lead Number', dataType: 'autonumber', readOnly: true, custom: true, autoNumberPrefix: 'LD-', compute: ({ seq }) => `LD-${String(seq + 1).padStart(6, '0')}` },
    { apiName: 'Days_In_Pipeline', label: 'Days In Pipeline', dataType: 'formula', formulaReturnType: 'double', readOnly: true, custom: true,
      compute: ({ read }) => Math.round(((Number(read('Modified_Time')) - Number(read('Created_Time'))) / DAY_MS) * 10) / 10 },
    { apiName: 'Last_Activity_Time', label: 'Last Activity Time', dataType: 'datetime', readOnly: true, system: true, compute: ({ read }) => read('Modified_Time') },
    ...systemFields(),
  ],
};

const CONTACTS: ModuleDef = {
  apiName: 'Contacts', singular: 'Contact', plural: 'Contacts', displayField: 'Full_Name', systemUniqueField: 'Email',
  fields: [
    { ...owner, label: 'Contact Owner' }, salutation, firstName, lastName, fullName,
    { apiName: 'Account_Name', label: 'Account Name', dataType: 'lookup', lookupModule: 'Accounts', gen: (g) => g.maybe(0.1, () => g.lookup('Accounts')) },
    { apiName: 'Email', label: 'Email', dataType: 'email', length: 100, unique: true, gen: (g) => g.maybe(0.05, () => emailFor(g, g.value('First_Name'), g.value('Last_Name'), 'contacts.example.org')) },
    { apiName: 'Secondary_Email', label: 'Secondary Email', dataType: 'email', length: 100, gen: (g) => g.maybe(0.85, () => emailFor(g, 'alt', g.value('Last_Name'), 'mail.example.net')) },
    { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.1, () => phone(g)) },
    { apiName: 'Mobile', label: 'Mobile', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.5, () => phone(g)) },
    { apiName: 'Title', label: 'Title', dataType: 'text', length: 100, gen: (g) => g.maybe(0.2, () => g.pick(TITLES)) },
    { apiName: 'Department', label: 'Department', dataType: 'text', length: 100, gen: (g) => g.maybe(0.4, () => g.pick(DEPARTMENTS)) },
    { apiName: 'Date_of_Birth', label: 'Date of Birth', dataType: 'date', gen: (g) => g.maybe(0.6, () => isoDate(Date.UTC(g.int(1950, 2002), g.int(0, 11), g.int(1, 28)))) },
    { apiName: 'Lead_Source', label: 'Lead Source', dataType: 'picklist', picklist: LEAD_SOURCES, gen: (g) => g.maybe(0.2, () => g.pick(LEAD_SOURCES)) },
    { apiName: 'Mailing_Street', label: 'Mailing Street', dataType: 'text', length: 250, gen: (g) => g.maybe(0.3, () => `${g.int(1, 999)} ${g.pick(['Oak St', 'Königsallee', 'Via Roma', 'Baker Street'])}`) },
    { apiName: 'Mailing_City', label: 'Mailing City', dataType: 'text', length: 100, gen: (g) => g.maybe(0.2, () => g.pick(CITIES)) },
    { apiName: 'Mailing_State', label: 'Mailing State', dataType: 'text', length: 100, gen: (g) => g.maybe(0.4, () => g.pick(STATES)) },
    { apiName: 'Mailing_Zip', label: 'Mailing Zip', dataType: 'text', length: 30, gen: (g) => g.maybe(0.3, () => String(g.int(1000, 99999))) },
    { apiName: 'Mailing_Country', label: 'Mailing Country', dataType: 'text', length: 100, gen: (g) => g.maybe(0.2, () => g.pick(COUNTRIES)) },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, gen: (g) => g.maybe(0.6, () => sentence(g.rng, g.int(4, 25))) },
    { apiName: 'Email_Opt_Out', label: 'Email Opt Out', dataType: 'boolean', gen: (g) => g.chance(0.08) },
    { apiName: 'Assistant', label: 'Assistant', dataType: 'text', length: 30, gen: (g) => g.maybe(0.85, () => g.pick(FIRST_NAMES)) },
    { apiName: 'Languages', label: 'Languages', dataType: 'multiselectpicklist', picklist: LANGUAGES, custom: true, gen: (g) => g.pickMany(LANGUAGES, 2) },
    { apiName: 'Loyalty_Points', label: 'Loyalty Points', dataType: 'integer', length: 9, custom: true, gen: (g) => g.int(0, 10000) },
    ...systemFields(),
  ],
};

const ACCOUNTS: ModuleDef = {
  apiName: 'Accounts', singular: 'Account', plural: 'Accounts', displayField: 'Account_Name', systemUniqueField: 'Account_Name',
  fields: [
    { ...owner, label: 'Account Owner' },
    { apiName: 'Account_Name', label: 'Account Name', dataType: 'text', length: 200, mandatory: true, gen: (g) => `${companyName(g)} ${g.seq + 1}` },
    { apiName: 'Account_No', label: 'Account Number', dataType: 'autonumber', readOnly: true, autoNumberPrefix: 'AC-', compute: ({ seq }) => `AC-${String(seq + 1).padStart(5, '0')}` },
    { apiName: 'Account_Type', label: 'Account Type', dataType: 'picklist', picklist: ['Analyst', 'Competitor', 'Customer', 'Distributor', 'Integrator', 'Investor', 'Other', 'Partner', 'Press', 'Prospect', 'Reseller', 'Supplier', 'Vendor'],
      gen: (g) => g.maybe(0.2, () => g.pick(['Analyst', 'Competitor', 'Customer', 'Distributor', 'Integrator', 'Investor', 'Other', 'Partner', 'Press', 'Prospect', 'Reseller', 'Supplier', 'Vendor'])) },
    { apiName: 'Industry', label: 'Industry', dataType: 'picklist', picklist: INDUSTRIES, gen: (g) => g.maybe(0.2, () => g.pick(INDUSTRIES)) },
    { apiName: 'Annual_Revenue', label: 'Annual Revenue', dataType: 'currency', length: 16, decimalPlace: 2, gen: (g) => g.maybe(0.3, () => g.money(50000, 900000000)) },
    { apiName: 'Employees', label: 'Employees', dataType: 'integer', length: 9, gen: (g) => g.maybe(0.3, () => g.int(1, 400000)) },
    { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.1, () => phone(g)) },
    { apiName: 'Fax', label: 'Fax', dataType: 'phone', length: 30, gen: (g) => g.maybe(0.8, () => phone(g)) },
    { apiName: 'Website', label: 'Website', dataType: 'website', length: 255, gen: (g) => g.maybe(0.2, () => `https://${asciiSlug(String(g.value('Account_Name')))}.example`) },
    { apiName: 'Ticker_Symbol', label: 'Ticker Symbol', dataType: 'text', length: 30, gen: (g) => g.maybe(0.8, () => asciiSlug(String(g.value('Account_Name'))).slice(0, 4).toUpperCase()) },
    { apiName: 'Ownership', label: 'Ownership', dataType: 'picklist', picklist: ['Other', 'Private', 'Public', 'Subsidiary', 'Partnership', 'Government'], gen: (g) => g.maybe(0.4, () => g.pick(['Other', 'Private', 'Public', 'Subsidiary', 'Partnership', 'Government'])) },
    { apiName: 'Billing_Street', label: 'Billing Street', dataType: 'text', length: 250, gen: (g) => g.maybe(0.3, () => `${g.int(1, 999)} Market St`) },
    { apiName: 'Billing_City', label: 'Billing City', dataType: 'text', length: 100, gen: (g) => g.maybe(0.2, () => g.pick(CITIES)) },
    { apiName: 'Billing_Country', label: 'Billing Country', dataType: 'text', length: 100, gen: (g) => g.maybe(0.2, () => g.pick(COUNTRIES)) },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, gen: (g) => g.maybe(0.5, () => sentence(g.rng, g.int(5, 40))) },
    { apiName: 'Rating', label: 'Rating', dataType: 'picklist', picklist: RATINGS, gen: (g) => g.maybe(0.5, () => g.pick(RATINGS)) },
    { apiName: 'Parent_Account', label: 'Parent Account', dataType: 'lookup', lookupModule: 'Accounts', gen: (g) => (g.seq > 10 && g.chance(0.1) ? g.lookup('Accounts') : null) },
    ...systemFields(),
  ],
};

const STAGES = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];

const DEALS: ModuleDef = {
  apiName: 'Deals', singular: 'Deal', plural: 'Deals', displayField: 'Deal_Name', systemUniqueField: 'Deal_Name',
  fields: [
    { ...owner, label: 'Deal Owner' },
    { apiName: 'Deal_Name', label: 'Deal Name', dataType: 'text', length: 120, mandatory: true, gen: (g) => `${g.pick(['Renewal', 'Expansion', 'New business', 'Pilot', 'Upgrade'])} – ${g.pick(COMPANY_WORDS)} #${g.seq + 1}` },
    { apiName: 'Account_Name', label: 'Account Name', dataType: 'lookup', lookupModule: 'Accounts', gen: (g) => g.maybe(0.05, () => g.lookup('Accounts')) },
    { apiName: 'Contact_Name', label: 'Contact Name', dataType: 'lookup', lookupModule: 'Contacts', gen: (g) => g.maybe(0.3, () => g.lookup('Contacts')) },
    { apiName: 'Amount', label: 'Amount', dataType: 'currency', length: 16, decimalPlace: 2, gen: (g) => g.maybe(0.05, () => g.money(1000, 2000000)) },
    { apiName: 'Stage', label: 'Stage', dataType: 'picklist', picklist: STAGES, mandatory: true, gen: (g) => g.pick(STAGES) },
    { apiName: 'Probability', label: 'Probability (%)', dataType: 'percent', length: 3, gen: (g) => g.int(0, 100) },
    { apiName: 'Weighted_Amount', label: 'Weighted Amount', dataType: 'formula', formulaReturnType: 'currency', readOnly: true, custom: true,
      compute: ({ read }) => Math.round(Number(read('Amount') ?? 0) * Number(read('Probability') ?? 0)) / 100 },
    { apiName: 'Closing_Date', label: 'Closing Date', dataType: 'date', gen: (g) => isoDate(SEED_EPOCH_MS + g.int(-200, 200) * DAY_MS) },
    { apiName: 'Type', label: 'Type', dataType: 'picklist', picklist: ['New Business', 'Existing Business'], gen: (g) => g.maybe(0.2, () => g.pick(['New Business', 'Existing Business'])) },
    { apiName: 'Lead_Source', label: 'Lead Source', dataType: 'picklist', picklist: LEAD_SOURCES, gen: (g) => g.maybe(0.3, () => g.pick(LEAD_SOURCES)) },
    { apiName: 'Next_Step', label: 'Next Step', dataType: 'text', length: 100, gen: (g) => g.maybe(0.4, () => g.pick(['Send proposal', 'Schedule demo', 'Call back', 'Legal review'])) },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, gen: (g) => g.maybe(0.6, () => sentence(g.rng, g.int(5, 30))) },
    { apiName: 'Deal_Number', label: 'Deal Number', dataType: 'autonumber', readOnly: true, custom: true, autoNumberPrefix: 'DL-', compute: ({ seq }) => `DL-${String(seq + 1).padStart(6, '0')}` },
    { apiName: 'Competitors', label: 'Competitors', dataType: 'multiselectpicklist', picklist: ['Salesforce', 'HubSpot', 'Pipedrive', 'Dynamics', 'None'], custom: true, gen: (g) => g.pickMany(['Salesforce', 'HubSpot', 'Pipedrive', 'Dynamics', 'None'], 2) },
    { apiName: 'Is_Renewal', label: 'Is Renewal', dataType: 'boolean', custom: true, gen: (g) => g.chance(0.3) },
    ...systemFields(),
  ],
};

export const MODULES: Record<ModuleName, ModuleDef> = { Leads: LEADS, Contacts: CONTACTS, Accounts: ACCOUNTS, Deals: DEALS };

/** Fixed edge-case values on the first seeded records, so tests can find them by record number. */
export const SPECIAL_RECORDS: Record<ModuleName, Record<number, Record<string, unknown>>> = {
  Leads: {
    0: { Company: '=HYPERLINK("http://evil","x")', First_Name: 'Zoë', Last_Name: 'Ñúñez-Østergård' },
    1: { Phone: '+1 555 0100', Last_Name: '@home' },
    2: { Description: '-5 days', Company: '+Plus Partners' },
    3: { First_Name: '太郎', Last_Name: '山田', Company: '株式会社テスト', City: '東京' },
    4: { Company: '🚀 Rocket Labs 🌟', Description: 'Loves 🍕 and ☕ — naïve café déjà vu', Last_Name: 'Emoji😀' },
    5: { First_Name: 'يوسف', Last_Name: 'حداد', Company: 'شركة الأمل', City: 'תל אביב' },
    6: { Description: 'LONG_TEXT_8K' },
    7: { Salutation: null, First_Name: null, Email: null, Phone: null, Mobile: null, Website: null, Description: null, City: null, Company: '', Designation: null },
  },
  Contacts: {
    0: { First_Name: 'Émilie', Last_Name: '=1+1' },
    1: { First_Name: '美咲', Last_Name: '佐藤', Mailing_City: '東京' },
  },
  Accounts: {
    0: { Account_Name: '=SUM(A1:A9) Corp' },
    1: { Account_Name: 'Café Zürich — Ünïcödé AG' },
    2: { Account_Name: '北京科技有限公司' },
  },
  Deals: {
    0: { Deal_Name: '-Discount deal', Description: '@mention the buyer' },
  },
};

export function fieldOf(module: ModuleName, apiName: string): FieldDef | undefined {
  return FIELD_INDEX[module].get(apiName);
}

const FIELD_INDEX: Record<ModuleName, Map<string, FieldDef>> = {
  Leads: new Map(LEADS.fields.map((f) => [f.apiName, f])),
  Contacts: new Map(CONTACTS.fields.map((f) => [f.apiName, f])),
  Accounts: new Map(ACCOUNTS.fields.map((f) => [f.apiName, f])),
  Deals: new Map(DEALS.fields.map((f) => [f.apiName, f])),
};

export function isModuleName(name: string): name is ModuleName {
  return (API_MODULES as readonly string[]).includes(name);
}

/** Matches a module named in a URL the way Zoho does: case-insensitively. */
export function resolveModuleName(name: string): ModuleName | undefined {
  const lower = name.toLowerCase();
  return API_MODULES.find((m) => m.toLowerCase() === lower);
}
