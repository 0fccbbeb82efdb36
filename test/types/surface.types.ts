/**
 * Compile-time expectations of what a strict TypeScript user meets (checked by `npm run
 * typecheck`: each `@ts-expect-error` must meet the error it expects, or the build fails):
 * connection metadata keyed by provider, the nonce's provider, typed token-state finders, the
 * ConflictError constraint union, InvalidTransitionError typed by state, and the root exports.
 */
import type {
  ConflictConstraint,
  ConnectionStatus,
  ConnectionTransitionError,
  CreateTaskManagementConnectionInput,
  CreateTaskManagementConnectionInputFor,
  DataAccess,
  DataAccessErrorCode,
  OAuthTokenState,
  Provider,
  StoreConfig,
  SyncStatus,
  SyncTransitionError,
  TaskManagementConnection,
} from '../../src/index.js';
import type { ConcurrentModificationError, NotFoundError, SchemaBuilderError, ValidationError } from '../../src/index.js';
import { ConflictError, createDataAccess, InvalidTransitionError } from '../../src/index.js';

declare const da: DataAccess;
declare const caught: unknown;
const ID = '0f1e2d3c-4b5a-4697-8877-665544332211';
const common = { organizationId: ID, displayName: 'Acme', instanceUrl: 'https://acme.example.com', connectedBy: 'u', externalInstanceId: 'x' };

export async function connectionMetadataByProvider(): Promise<void> {
  await da.TaskManagementConnection.create({ ...common, provider: 'github', metadata: { owner: 'acme', repo: 'checkout' } });
  await da.TaskManagementConnection.create({ ...common, provider: 'jira_cloud', metadata: { cloudId: ID, scopes: ['read:jira-work'] } });
  await da.TaskManagementConnection.create({ ...common, provider: 'jira_data_center', metadata: { baseUrl: 'https://jira.acme.com' } });
  // @ts-expect-error GitHub metadata on a jira_cloud connection
  await da.TaskManagementConnection.create({ ...common, provider: 'jira_cloud', metadata: { owner: 'acme', repo: 'checkout' } });
  // @ts-expect-error Jira Cloud metadata with a GitHub field added
  await da.TaskManagementConnection.create({ ...common, provider: 'jira_cloud', metadata: { cloudId: ID, repo: 'checkout' } });
  // @ts-expect-error Data Center metadata on a GitHub connection
  await da.TaskManagementConnection.create({ ...common, provider: 'github', metadata: { baseUrl: 'https://jira.acme.com' } });
  await da.TaskManagementConnection.createMany([
    { ...common, provider: 'github', metadata: { owner: 'acme', repo: 'checkout' } },
    { ...common, provider: 'jira_cloud', metadata: { cloudId: ID } },
  ]);
  await da.TaskManagementConnection.createMany([
    // @ts-expect-error each item's metadata is typed by its own provider
    { ...common, provider: 'jira_cloud', metadata: { owner: 'acme', repo: 'checkout' } },
  ]);

  // The named input is the union over provider: `provider` narrows `metadata`.
  const input = { ...common, provider: 'github', metadata: { owner: 'acme', repo: 'checkout' } } as CreateTaskManagementConnectionInput;
  if (input.provider === 'github') {
    const repo: string = input.metadata.repo;
    void repo;
  }
  const jiraOnly: CreateTaskManagementConnectionInputFor<'jira_cloud'> = { ...common, provider: 'jira_cloud', metadata: { cloudId: ID } };
  // @ts-expect-error a connection-to-Jira-Cloud input takes no other provider
  const notJira: CreateTaskManagementConnectionInputFor<'jira_cloud'> = { ...common, provider: 'github', metadata: { cloudId: ID } };
  await da.TaskManagementConnection.create(input);
  await da.TaskManagementConnection.create(jiraOnly);

  // A provider known only at run time (read from an OAuth nonce) takes any provider's metadata:
  // the run time checks it against the provider.
  const nonce = await da.OAuthNonce.consume('state');
  if (nonce) {
    const provider: Provider = nonce.getProvider();
    await da.TaskManagementConnection.create({ ...common, provider, metadata: { cloudId: ID } });
  }
  void notJira;
}

export async function nonceProvider(): Promise<void> {
  await da.OAuthNonce.issue({ organizationId: ID, provider: 'github', createdBy: 'u' });
  // @ts-expect-error an unknown provider does not compile
  await da.OAuthNonce.issue({ organizationId: ID, provider: 'gitlab', createdBy: 'u' });
  const wide: string = 'github';
  // @ts-expect-error a plain string is not a Provider
  await da.OAuthNonce.issue({ organizationId: ID, provider: wide, createdBy: 'u' });
}

export async function tokenStateFinders(): Promise<void> {
  const all: OAuthTokenState[] = await da.OAuthTokenState.allByTaskManagementConnectionId(ID);
  const one: OAuthTokenState | null = await da.OAuthTokenState.findByTaskManagementConnectionId(ID);
  await da.OAuthTokenState.allByTaskManagementConnectionId(ID, { limit: 1 });
  // @ts-expect-error OAuthTokenState has no index by organization
  await da.OAuthTokenState.allByOrganizationId(ID);
  // @ts-expect-error the finder takes a string id
  await da.OAuthTokenState.findByTaskManagementConnectionId(42);
  void [all, one];
}

declare const conflictError: ConflictError;

export function conflictConstraint(): string {
  const constraint: ConflictConstraint = conflictError.constraint;
  // @ts-expect-error the constraint is the union of names, not one of them
  const single: 'suggestion' = conflictError.constraint;
  // @ts-expect-error a name that is not a constraint
  const unknownName: ConflictConstraint = 'precondition-x';
  void [constraint, single, unknownName];
  if (!(caught instanceof ConflictError)) return 'other';
  switch (caught.constraint) {
    case 'suggestion': {
      const narrowed: 'suggestion' = caught.constraint;
      return narrowed;
    }
    case 'external-instance':
    case 'active-provider':
      return caught.conflictingValues.join();
    // @ts-expect-error a case that no constraint has does not compile
    case 'suggestions':
      return 'typo';
    default:
      return caught.constraint;
  }
}

export function transitionStates(): void {
  const typed = new InvalidTransitionError<ConnectionStatus>('TaskManagementConnection', 'disconnected', 'active');
  const from: ConnectionStatus = typed.from;
  const to: ConnectionStatus = typed.to;
  // @ts-expect-error 'paused' is not a ConnectionStatus
  new InvalidTransitionError<ConnectionStatus>('TaskManagementConnection', 'active', 'paused');
  // @ts-expect-error a connection's states are not a sync's
  const asSync: SyncStatus = typed.from;
  const alias: ConnectionTransitionError = typed;
  // @ts-expect-error a connection's transition error is not a sync's
  const syncAlias: SyncTransitionError = typed;
  const inferred = new InvalidTransitionError('Sync', 'completed', 'pending');
  const literal: 'completed' | 'pending' = inferred.from;
  if (caught instanceof InvalidTransitionError) {
    // instanceof gives the string form, never `any`
    const text: string = caught.from;
    // @ts-expect-error from is a string after instanceof (it would be `any` on a generic class)
    const count: number = caught.from;
    void [text, count];
  }
  void [from, to, asSync, alias, syncAlias, literal];
}

export function rootExports(client: NonNullable<StoreConfig['client']>): TaskManagementConnection | undefined {
  const code: DataAccessErrorCode = 'DATASTORE';
  // @ts-expect-error not a code
  const wrong: DataAccessErrorCode = 'TIMEOUT';
  // A client of any SDK copy is taken by its shape.
  createDataAccess({ tableName: 'table', client });
  // @ts-expect-error a client needs send, config and middlewareStack
  createDataAccess({ tableName: 'table', client: { send: () => Promise.resolve({}) } });
  void [code, wrong];
  return undefined;
}

/** Each error class's `code` is its own literal: a union of them narrows by `code`. */
export function errorsNarrowByCode(
  error: ValidationError | NotFoundError | ConflictError | ConcurrentModificationError | InvalidTransitionError | SchemaBuilderError,
): string {
  const literal: 'VALIDATION' = (error as ValidationError).code;
  // @ts-expect-error a ValidationError's code is 'VALIDATION', nothing else
  const other: 'CONFLICT' = (error as ValidationError).code;
  void [literal, other];
  switch (error.code) {
    case 'CONFLICT':
      return error.constraint;
    case 'VALIDATION':
      return error.issues.map((issue) => issue.path).join();
    case 'NOT_FOUND':
    case 'CONCURRENT_MODIFICATION':
      return error.entityName;
    case 'INVALID_TRANSITION':
      return error.from;
    case 'SCHEMA': {
      // @ts-expect-error a SchemaBuilderError has no constraint
      const none: unknown = error.constraint;
      void none;
      return error.message;
    }
  }
}
