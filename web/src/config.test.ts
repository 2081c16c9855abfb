import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

function page(json: string | null): Document {
  const doc = document.implementation.createHTMLDocument('t');
  if (json !== null) {
    const script = doc.createElement('script');
    script.id = '__PANTHER_CONFIG__';
    script.type = 'application/json';
    script.textContent = json;
    doc.head.appendChild(script);
  }
  return doc;
}

const full = {
  region: 'us-east-1',
  accountId: '123456789012',
  graphqlEndpoint: 'https://x.appsync-api.us-east-1.amazonaws.com/graphql',
  userPoolId: 'us-east-1_abc',
  userPoolClientId: 'client',
  cognitoEndpoint: 'https://cognito-idp.us-east-1.amazonaws.com/',
  version: '1.16.0',
  commit: 'abc',
};

describe('readConfig', () => {
  it('reads what the web server injected', () => {
    expect(readConfig(page(JSON.stringify(full)))).toEqual(full);
  });
  it('says how to open the app when the page has no configuration', () => {
    expect(() => readConfig(page(null))).toThrow(ConfigError);
    expect(() => readConfig(page(null))).toThrow(/Panther web server/);
  });
  it('names every missing setting', () => {
    const { userPoolId: _pool, version: _version, ...rest } = full;
    expect(() => readConfig(page(JSON.stringify(rest)))).toThrow('The Panther configuration lacks userPoolId, version.');
  });
  it('refuses configuration that is not JSON', () => {
    expect(() => readConfig(page('{'))).toThrow(/not JSON/);
  });
});
