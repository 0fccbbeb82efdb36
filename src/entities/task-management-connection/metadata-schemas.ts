/**
 * Provider metadata, one JSON Schema per provider (`additionalProperties: false`, bounded
 * strings and arrays). The TypeScript types below describe the same shapes for callers.
 */
import type { Provider } from './constants.js';

/** Metadata of a Jira Cloud connection: the site's `cloudId` and, optionally, the granted scopes. */
export interface JiraCloudMetadata {
  /** The Jira Cloud site id (a UUID). */
  cloudId: string;
  /** OAuth scopes granted (at most 100, each 1–256 characters). */
  scopes?: string[];
}

/** Metadata of a Jira Data Center connection: the server's base URL and, optionally, a project category. */
export interface JiraDataCenterMetadata {
  /** An `https:` URL without credentials in it (at most 2048 characters). */
  baseUrl: string;
  /** 1–255 characters. */
  projectCategory?: string;
}

/** Metadata of a GitHub connection: the repository (`owner`/`repo`) and, optionally, an installation id. */
export interface GitHubMetadata {
  /** A GitHub user or organization name (1–39 letters, digits or single inner hyphens). */
  owner: string;
  /** A repository name (1–100 of `A–Z a–z 0–9 . _ -`, not `.` or `..`). */
  repo: string;
  /** A positive integer. */
  installationId?: number;
}

/**
 * The metadata of any connection. Which member applies depends on the connection's `provider`;
 * the connection checks it on every create and change (see {@link validateMetadata}).
 */
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

/**
 * The JSON Schema of each provider's metadata, as {@link validateMetadata} applies it. Strict on
 * purpose: unknown properties are refused and every string and array is bounded, so a connection
 * never stores more than its provider needs.
 */
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
