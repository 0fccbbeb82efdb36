/**
 * How a completed key keeps its response: as the JSON text that was checked and measured
 * (`responseJson`), not as a DynamoDB map. Any JSON value round-trips as text; as a map, the
 * marshaller and DynamoDB refuse ordinary JSON — a number beyond 2^53 or below 1e-130, an empty
 * or `constructor` key, nesting deeper than 32 — and they would refuse it only after the request,
 * leaving the key locked until its lease ran out. Keys an earlier version completed hold the
 * response as a map (`response`): read as they are.
 */
import { DataAccessError } from '../../errors/index.js';

/** The stored text attribute (hidden: no getter of its own; `getResponse()` decodes it). */
export const RESPONSE_TEXT = 'responseJson';

/** The response a stored key holds, decoded; undefined when it holds none. */
export function responseOf(stored: Readonly<Record<string, unknown>>): unknown {
  const text = stored[RESPONSE_TEXT];
  if (typeof text !== 'string') return stored.response === undefined || stored.response === null ? stored.response : structuredClone(stored.response);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataAccessError('DATASTORE', 'IdempotencyKey: the stored response is not JSON text', { cause: error });
  }
}
