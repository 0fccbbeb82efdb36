/** One failed call, normalised once so that every classification rule reads the same, safe facts. */
import type { Provider } from '../entities/task-management-connection/constants.js';
import type { BodyFacts } from './body.js';
import type { HeaderMap } from './headers.js';
import type { ProviderErrorCode } from './codes.js';

/** A failed call as the rules see it. */
export interface ResponseFacts {
  readonly provider: Provider;
  /** The HTTP status when it is an integer from 100 to 599; anything else reads as absent. */
  readonly status: number | undefined;
  readonly headers: HeaderMap;
  readonly body: BodyFacts;
  /** What the HTTP client threw, untouched (only `network.ts` looks into it). */
  readonly error: unknown;
  /** Epoch milliseconds that relative delays are measured from. */
  readonly now: number;
}

/** One classification rule: a code when the rule recognises the failure, otherwise `undefined`. */
export type ClassificationRule = (facts: ResponseFacts) => ProviderErrorCode | undefined;
