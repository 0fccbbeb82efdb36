/** Wraps what DynamoDB (or the network) threw into the library's error family. */
import { DataAccessError } from '../errors/index.js';

/** Errors of ours pass through; anything else becomes `DATASTORE` with the original as `cause`. */
export function toDataAccessError(error: unknown, operation: string): DataAccessError {
  if (error instanceof DataAccessError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : 'Error';
  return new DataAccessError('DATASTORE', `${operation} failed: ${name}`, { cause: error });
}
