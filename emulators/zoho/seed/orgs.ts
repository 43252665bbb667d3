// The two seeded orgs (one per data centre) and their users. A user's e-mail decides the DC on
// the consent page, as Zoho Accounts brokers a US-started login to the EU DC (reference §1, §2.2).

export type DataCenter = 'us' | 'eu';
export const ALL_DATA_CENTERS: readonly DataCenter[] = ['us', 'eu'];

export interface SeedUser {
  id: string;
  zuid: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'CEO' | 'Manager' | 'Sales Rep';
  profile: 'Administrator' | 'Standard';
}

export interface SeedOrg {
  dc: DataCenter;
  /** First 10 digits of every 19-digit id in this org. */
  idPrefix: string;
  orgId: string;
  zgid: string;
  companyName: string;
  domainName: string;
  timeZone: string;
  currency: string;
  currencySymbol: string;
  currencyLocale: string;
  isoCode: string;
  country: string;
  countryCode: string;
  users: SeedUser[];
}

function user(prefix: string, n: number, email: string, firstName: string, lastName: string, role: SeedUser['role'], profile: SeedUser['profile']): SeedUser {
  return { id: `${prefix}00${String(n).padStart(7, '0')}`, zuid: String(70_000_000 + n + (prefix.startsWith('4') ? 0 : 5000)), email, firstName, lastName, role, profile };
}

const US_PREFIX = '4876876000';
const EU_PREFIX = '2098765000';

export const SEED_ORGS: Record<DataCenter, SeedOrg> = {
  us: {
    dc: 'us', idPrefix: US_PREFIX, orgId: `${US_PREFIX}000000001`.slice(0, 19), zgid: '700100001',
    companyName: 'Acme Sales Inc.', domainName: 'org700100001', timeZone: 'America/Los_Angeles',
    currency: 'US Dollar - USD', currencySymbol: '$', currencyLocale: 'en_US', isoCode: 'USD', country: 'United States', countryCode: 'US',
    users: [
      user(US_PREFIX, 1, 'alex.morgan@acme-us.example', 'Alex', 'Morgan', 'CEO', 'Administrator'),
      user(US_PREFIX, 2, 'priya.shah@acme-us.example', 'Priya', 'Shah', 'Manager', 'Standard'),
      user(US_PREFIX, 3, 'carlos.diaz@acme-us.example', 'Carlos', 'Díaz', 'Sales Rep', 'Standard'),
      user(US_PREFIX, 4, 'mei.chen@acme-us.example', 'Mei', 'Chen', 'Sales Rep', 'Standard'),
    ],
  },
  eu: {
    dc: 'eu', idPrefix: EU_PREFIX, orgId: `${EU_PREFIX}000000001`.slice(0, 19), zgid: '800200002',
    companyName: 'Beispiel Vertrieb GmbH', domainName: 'org800200002', timeZone: 'Europe/Berlin',
    currency: 'Euro - EUR', currencySymbol: '€', currencyLocale: 'de_DE', isoCode: 'EUR', country: 'Germany', countryCode: 'DE',
    users: [
      user(EU_PREFIX, 1, 'lena.fischer@beispiel-eu.example', 'Lena', 'Fischer', 'CEO', 'Administrator'),
      user(EU_PREFIX, 2, 'jonas.weber@beispiel-eu.example', 'Jonas', 'Weber', 'Manager', 'Standard'),
      user(EU_PREFIX, 3, 'zoe.martin@beispiel-eu.example', 'Zoë', 'Martin', 'Sales Rep', 'Standard'),
    ],
  },
};

export function findUserByEmail(email: string): { dc: DataCenter; user: SeedUser } | undefined {
  const wanted = email.trim().toLowerCase();
  for (const dc of ALL_DATA_CENTERS) {
    const found = SEED_ORGS[dc].users.find((u) => u.email === wanted);
    if (found) return { dc, user: found };
  }
  return undefined;
}

export function fullName(u: SeedUser): string {
  return `${u.firstName} ${u.lastName}`;
}
