// Zoho's data centers as the add-on sees them: who may set the client, which secret each data
// center gets, what invalid_client means outside the US, China's accounts server, sandbox hosts.

import { clientSecretFor, isClientAdmin } from '../../../src/core/zoho/credentials';
import { authorizationBaseUrl, isSandboxApiDomain, trustedApiDomain } from '../../../src/core/zoho/domains';
import { tokenError } from '../../../src/core/zoho/errors';

describe('who may set the shared Zoho client', () => {
  it.each([
    ['owner@example.com', 'owner@example.com', true],
    ['Owner@Example.com', 'admin@example.com, owner@example.com', true],
    ['owner@example.com', 'admin@example.com;owner@example.com', true],
    ['rep@example.com', 'owner@example.com', false],
    ['', 'owner@example.com', false],
    ['owner@example.com', '', false],
    ['owner@example.com', null, false],
    ['owner@example.co', 'owner@example.com', false],
  ])('%s with list %j: %s', (email, list, expected) => {
    expect(isClientAdmin(email, list)).toBe(expected);
  });
});

describe('the client secret per data center', () => {
  const props: Record<string, string> = { ZOHO_CLIENT_SECRET_EU: 'eu-secret' };
  const read = (key: string): string | null => props[key] ?? null;

  it.each([
    ['eu', 'eu-secret'],
    ['us', 'shared'],
    ['in', 'shared'],
    [null, 'shared'],
  ])('%s uses %s', (location, expected) => {
    expect(clientSecretFor(location, 'shared', read)).toBe(expected);
  });
});

describe('invalid_client and invalid_client_secret', () => {
  it('explains Multi-DC, naming the data center and its secret property, outside the US', () => {
    const error = tokenError('Error retrieving token: invalid_client', 'https://accounts.zoho.eu');

    expect(error.code).toBe('ZOHO_INVALID_CLIENT');
    expect(error.userMessage).toMatch(/Europe data center.*Multi-DC.*enable Europe.*ZOHO_CLIENT_SECRET_EU/);
  });

  it('asks to check the client id in the US, and mentions Multi-DC for clients made elsewhere', () => {
    expect(tokenError('invalid_client', 'https://accounts.zoho.com').userMessage).toMatch(/check the Client ID.*Multi-DC/);
  });

  it('names the per-data-center secret property for a wrong secret outside the US', () => {
    expect(tokenError('invalid_client_secret', 'https://accounts.zoho.com.au').userMessage).toMatch(/ZOHO_CLIENT_SECRET_AU/);
    expect(tokenError('invalid_client_secret', null, 'jp').userMessage).toMatch(/ZOHO_CLIENT_SECRET_JP/);
  });
});

describe('where sign-in starts and which API hosts are refused', () => {
  it('starts China at accounts.zoho.com.cn and every other data center at accounts.zoho.com', () => {
    expect(authorizationBaseUrl('cn')).toBe('https://accounts.zoho.com.cn/oauth/v2/auth');
    expect(authorizationBaseUrl('eu')).toBe('https://accounts.zoho.com/oauth/v2/auth');
    expect(authorizationBaseUrl()).toBe('https://accounts.zoho.com/oauth/v2/auth');
  });

  it.each([
    ['https://sandbox.zohoapis.com', true],
    ['https://developer.zohoapis.eu', true],
    ['https://sandbox.zohoapis.com.cn', true],
    ['https://www.zohoapis.com', false],
    ['https://sandbox.zohoapis.evil', false],
  ])('%s is a sandbox or developer host: %s (and never trusted)', (host, sandbox) => {
    expect(isSandboxApiDomain(host)).toBe(sandbox);
    if (sandbox) expect(trustedApiDomain(host)).toBeNull();
  });
});
