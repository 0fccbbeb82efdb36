/** GitHub REST signals that refine (or replace) the HTTP status. */
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from './codes.js';
import type { ResponseFacts } from './facts.js';

const { NOT_FOUND, PERMISSION } = PROVIDER_ERROR_CODES;

/**
 * - "Repository access blocked" (451, with `block.reason` such as `dmca`:
 *   https://github.com/github/rest-api-description/issues/3314): GitHub itself refuses access to
 *   the repository; nothing to retry, a person must sort it out — PERMISSION.
 * - "Resource not accessible by integration" / "… by personal access token": the GitHub App or
 *   fine-grained token lacks a permission
 *   (https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#resource-not-accessible)
 *   — PERMISSION, also when only the message is known.
 * - `410` on issues: "Issues are disabled for this repo" is a repository setting an admin must
 *   change (PERMISSION); a single deleted issue ("This issue was deleted") is NOT_FOUND. Any
 *   other 410 is a removed endpoint (the status rule: SCHEMA_CHANGED).
 *   (https://github.com/ossf/allstar/issues/64, https://github.com/kenn-io/forge/pull/898)
 */
export function classifyGitHub(facts: ResponseFacts): ProviderErrorCode | undefined {
  const { text } = facts.body;
  if (text.includes('repository access blocked') || text.includes('resource not accessible by')) return PERMISSION;
  if (facts.status === 410) {
    if (text.includes('issues are disabled')) return PERMISSION;
    if (text.includes('was deleted')) return NOT_FOUND;
  }
  return undefined;
}
