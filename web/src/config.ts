// The runtime configuration the web server puts into index.html (docs/web.md): one build of
// the app serves every deployment.

export interface PantherConfig {
  region: string;
  accountId: string;
  graphqlEndpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  cognitoEndpoint: string;
  version: string;
  commit: string;
}

export class ConfigError extends Error {}

const required: (keyof PantherConfig)[] = [
  'region',
  'accountId',
  'graphqlEndpoint',
  'userPoolId',
  'userPoolClientId',
  'cognitoEndpoint',
  'version',
  'commit',
];

/** Reads the configuration element; throws a ConfigError naming what is missing. */
export function readConfig(doc: Document = document): PantherConfig {
  const element = doc.getElementById('__PANTHER_CONFIG__');
  if (!element?.textContent) {
    throw new ConfigError(
      'This page has no Panther configuration: open the app through the Panther web server (cmd/web), not the files of dist/.',
    );
  }
  let parsed: Partial<PantherConfig>;
  try {
    parsed = JSON.parse(element.textContent) as Partial<PantherConfig>;
  } catch {
    throw new ConfigError('The Panther configuration of this page is not JSON.');
  }
  const missing = required.filter((key) => typeof parsed[key] !== 'string' || parsed[key] === '');
  if (missing.length > 0) {
    throw new ConfigError(`The Panther configuration lacks ${missing.join(', ')}.`);
  }
  return parsed as PantherConfig;
}

let current: PantherConfig | undefined;

/** The configuration of this page, read once. */
export function config(): PantherConfig {
  current ??= readConfig();
  return current;
}

/** Replaces the configuration (tests). */
export function setConfig(next: PantherConfig | undefined): void {
  current = next;
}
