/**
 * Provider metadata, one JSON Schema per provider (`additionalProperties: false`, bounded
 * strings and arrays). The TypeScript types below describe the same shapes for callers.
 */
import type { Provider } from './constants.js';

export interface JiraCloudMetadata {
  cloudId: string;
  scopes?: string[];
}

export interface JiraDataCenterMetadata {
  baseUrl: string;
  projectCategory?: string;
}

export interface GitHubMetadata {
  owner: string;
  repo: string;
  installationId?: number;
}

export type ConnectionMetadata = JiraCloudMetadata | JiraDataCenterMetadata | GitHubMetadata;

/** Metadata type by provider, for callers that know theirs. */
export interface MetadataByProvider {
  jira_cloud: JiraCloudMetadata;
  jira_data_center: JiraDataCenterMetadata;
  github: GitHubMetadata;
}

/** https, a host without credentials (no `user@`), then an optional path, query or fragment. */
const httpsUrl = { type: 'string', format: 'uri', pattern: '^https://[^\\s/?#@]+(?:[/?#]\\S*)?$', maxLength: 2048 } as const;

/** GitHub: an owner is 1–39 alphanumerics or single inner hyphens; a repository 1–100 of [A-Za-z0-9._-], not '.' or '..'. */
const githubOwner = { type: 'string', pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$' } as const;
const githubRepo = { type: 'string', pattern: '^(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}$' } as const;

export const METADATA_SCHEMAS: Readonly<Record<Provider, object>> = Object.freeze({
  jira_cloud: {
    type: 'object',
    additionalProperties: false,
    required: ['cloudId'],
    properties: {
      cloudId: { type: 'string', format: 'uuid' },
      scopes: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 256 } },
    },
  },
  jira_data_center: {
    type: 'object',
    additionalProperties: false,
    required: ['baseUrl'],
    properties: {
      baseUrl: httpsUrl,
      projectCategory: { type: 'string', minLength: 1, maxLength: 255 },
    },
  },
  github: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo'],
    properties: {
      owner: githubOwner,
      repo: githubRepo,
      installationId: { type: 'integer', minimum: 1, maximum: 9007199254740991 },
    },
  },
});
