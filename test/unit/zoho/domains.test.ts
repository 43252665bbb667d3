import { checkClientCredentials, maskClientId } from '../../../src/core/zoho/credentials';
import { trustedAccountsServer, trustedApiDomain } from '../../../src/core/zoho/domains';
import { tokenError } from '../../../src/core/zoho/errors';

describe('trusted Zoho hosts', () => {
  it.each([
    ['https://accounts.zoho.com', 'https://accounts.zoho.com'],
    ['https://accounts.zoho.eu', 'https://accounts.zoho.eu'],
    ['https://Accounts.Zoho.COM.AU/', 'https://accounts.zoho.com.au'],
    ['https://accounts.zohocloud.ca', 'https://accounts.zohocloud.ca'],
    ['https://accounts.zoho.com.cn', 'https://accounts.zoho.com.cn'],
  ])('accepts the accounts server %s', (input, expected) => {
    expect(trustedAccountsServer(input)).toBe(expected);
  });

  it.each([
    'https://accounts.zoho.com.evil.example',
    'https://evil.example/?https://accounts.zoho.com',
    'http://accounts.zoho.com',
    'https://accounts.zoho.com@evil.example',
    'https://accounts.zoho.com/oauth/v2/token',
    'http://127.0.0.1:9999',
    '',
    undefined,
  ])('refuses the accounts server %s', (input) => {
    expect(trustedAccountsServer(input)).toBeNull();
  });

  it('accepts a local emulator only when configured, and only on loopback', () => {
    const extra = { accountsServers: ['http://127.0.0.1:8787', 'http://evil.example:80'] };

    expect(trustedAccountsServer('http://127.0.0.1:8787', extra)).toBe('http://127.0.0.1:8787');
    expect(trustedAccountsServer('http://evil.example:80', extra)).toBeNull();
    expect(trustedAccountsServer('http://127.0.0.1:8787')).toBeNull();
  });

  it.each([
    ['https://www.zohoapis.eu', true],
    ['https://sandbox.zohoapis.com', false],
    ['https://developer.zohoapis.eu', false],
    ['https://www.zohoapis.com.cn', true],
    ['https://www.zohoapis.evil', false],
    ['https://zohoapis.com.evil.example', false],
  ])('api domain %s trusted: %s', (input, trusted) => {
    expect(trustedApiDomain(input) !== null).toBe(trusted);
  });
});

describe('client credentials in Setup', () => {
  it('refuses a legacy v1 authtoken and explains that Zoho retired it', () => {
    expect(() => checkClientCredentials('3f2a0c9be8d14f6a9b7e2d1c0a9f8e7d', 'x')).toThrow(/retired in 2019/);
  });

  it('refuses something that is not a client id and names where to find one', () => {
    expect(() => checkClientCredentials('my-client', 'a'.repeat(42))).toThrow(/api-console\.zoho\.com/);
  });

  it('accepts a real-shaped pair and masks the id for display', () => {
    const checked = checkClientCredentials(' 1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ1234 ', 'f'.repeat(42));

    expect(checked.clientId).toBe('1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ1234');
    expect(maskClientId(checked.clientId)).toBe('1000.ABCD…1234');
  });
});

describe('token errors', () => {
  it.each([
    ['Error retrieving token: invalid_code', 'ZOHO_GRANT_REVOKED', /Click Connect/],
    ['Error retrieving token: invalid_client', 'ZOHO_INVALID_CLIENT', /Multi-DC/],
    ['Error retrieving token: invalid_client_secret', 'ZOHO_INVALID_CLIENT_SECRET', /Setup/],
    ['Error retrieving token: Access Denied, You have made too many requests', 'ZOHO_RATE_LIMITED', /10 minutes/],
    ['Token response not valid JSON: SyntaxError: Unexpected token <', 'ZOHO_ACCOUNTS_UNAVAILABLE', /Nothing was lost/],
  ])('maps "%s" to %s', (raw, code, message) => {
    const error = tokenError(raw, 'https://accounts.zoho.eu');

    expect(error.code).toBe(code);
    expect(error.userMessage).toMatch(message);
  });
});

describe('token errors that may pass', () => {
  it.each([
    'Error retrieving token: Internal Server Error',
    'Error retrieving token: 503: {}',
    'Error retrieving token: something_new',
  ])('treats "%s" as a passing outage, not a lost connection', (raw) => {
    const error = tokenError(raw);

    expect(error.retryable).toBe(true);
    expect(error.userMessage).toMatch(/not answering properly.*Nothing was lost/);
  });
});
