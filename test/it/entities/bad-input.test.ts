/**
 * Bad input on DynamoDB Local: every kind of wrong input to every entity's create / start /
 * issue (and createWithSuggestions) is a ValidationError — never a TypeError or a datastore
 * error — and a scan shows nothing new was written. Hand-picked cases per kind, then
 * property-based mutations of a valid input (fast-check, fixed seed).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DataAccessError, ValidationError, validateMetadata } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { errorOf, freshDataAccess, jiraCloudConnectionInput, rejectionOf, jiraDataCenterConnectionInput, nonceInput, suggestionLinks, syncStartInput, tableSnapshot, ticketInput } from '../../support/entity-fixtures.js';

const SEED = 20_240_611;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HUGE = 'h'.repeat(10_000);

type Kind = 'uuid' | 'enum' | 'str1' | 'str0' | 'nullableStr' | 'url' | 'verifier' | 'bool' | 'ttl' | 'metadata';
interface Field {
  readonly kind: Kind;
  readonly required: boolean;
  readonly max?: number;
  readonly values?: readonly string[];
}

interface Target {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  valid(): Record<string, unknown>;
  call(input: unknown): Promise<unknown>;
  /** Keys a caller may not pass although the entity stores them. */
  readonly internalKeys: readonly string[];
}

const PROVIDERS = ['jira_cloud', 'jira_data_center', 'github'];
const NON_HTTPS_URLS = [
  'http://acme.example.com/x',
  'ftp://acme.example.com/x',
  '//acme.example.com/x',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'https://user:password@acme.example.com/x',
  'acme.example.com/x',
  'https://',
  'not a url at all',
];

function isValidationError(error: unknown): void {
  expect(error, 'a ValidationError').to.be.instanceOf(ValidationError);
  expect(error).to.be.instanceOf(DataAccessError).and.have.property('code', 'VALIDATION');
  expect((error as ValidationError).issues.length).to.be.greaterThan(0);
}

/** Wrong-typed values for a field of this kind (never a valid value). */
function wrongTypes(field: Field): unknown[] {
  const base: unknown[] = [42, 0, true, {}, { nested: ['junk'] }, [], ['a'], Number.NaN, Number.POSITIVE_INFINITY, () => 'x', new Date()];
  switch (field.kind) {
    case 'bool':
      return ['true', 1, 0, null, {}, [], Number.NaN];
    case 'ttl':
      return ['600', 600.5, Number.NaN, true, {}, [], null];
    case 'metadata':
      return ['cloudId', 42, [], [{ cloudId: randomUUID() }], null, true, Number.NaN, new Date()];
    case 'nullableStr':
      return base;
    default:
      return [...base, null];
  }
}

function isStringKind(kind: Kind): boolean {
  return !['bool', 'ttl', 'metadata'].includes(kind);
}

describe('bad input (DynamoDB Local)', function () {
  let da: DataAccess;
  let tableName: string;
  let client: DynamoDBClient;
  let connection: TaskManagementConnection;
  let ticket: Ticket;
  const targets: Target[] = [];

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('entities-bad-input'));
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    ticket = await da.Ticket.create(ticketInput(connection));
  });

  const str1 = (max: number): Field => ({ kind: 'str1', required: true, max });
  const uuid = (required: boolean): Field => ({ kind: 'uuid', required });
  const connectionFields: Record<string, Field> = {
    taskManagementConnectionId: uuid(false),
    organizationId: uuid(true),
    provider: { kind: 'enum', required: true, values: PROVIDERS },
    status: { kind: 'enum', required: false, values: ['active', 'disabled', 'requires_reauth', 'error', 'disconnected'] },
    displayName: str1(255),
    instanceUrl: { kind: 'url', required: true },
    connectedBy: str1(255),
    externalInstanceId: str1(512),
    metadata: { kind: 'metadata', required: true },
    updatedBy: { kind: 'str0', required: false, max: 255 },
  };
  const ticketFields: Record<string, Field> = {
    ticketId: uuid(false),
    organizationId: uuid(true),
    taskManagementConnectionId: uuid(true),
    opportunityId: uuid(false),
    externalTicketId: str1(255),
    ticketKey: str1(255),
    ticketUrl: { kind: 'url', required: true },
    ticketProvider: { kind: 'enum', required: true, values: PROVIDERS },
    summary: { kind: 'str0', required: false, max: 255 },
    ticketStatus: { kind: 'nullableStr', required: false, max: 100 },
    createdBy: str1(255),
    updatedBy: { kind: 'str0', required: false, max: 255 },
  };

  targets.push(
    {
      name: 'TaskManagementConnection.create',
      fields: connectionFields,
      valid: () => jiraCloudConnectionInput(),
      call: (input) => da.TaskManagementConnection.create(input as never),
      internalKeys: ['connectedAt', 'lastUsedAt', 'lastSyncAt', 'errorMessage', 'createdAt', 'updatedAt', 'pk', 'sk', 'gsi1pk', '__edb_e__'],
    },
    {
      name: 'Ticket.create',
      fields: ticketFields,
      valid: () => ticketInput(connection),
      call: (input) => da.Ticket.create(input as never),
      internalKeys: ['statusSyncedAt', 'createdAt', 'updatedAt', 'pk', 'sk', 'gsi2sk', '__edb_v__'],
    },
    {
      name: 'Ticket.createWithSuggestions (ticket)',
      fields: ticketFields,
      valid: () => ticketInput(connection),
      call: (input) => da.Ticket.createWithSuggestions(input as never, suggestionLinks(2)),
      internalKeys: ['statusSyncedAt', 'createdAt', 'updatedAt', 'pk'],
    },
    {
      name: 'TicketSuggestion.create',
      fields: {
        ticketId: uuid(true),
        suggestionId: uuid(true),
        opportunityId: uuid(true),
        createdBy: str1(255),
        updatedBy: { kind: 'str0', required: false, max: 255 },
      },
      valid: () => ({ ticketId: ticket.getId(), suggestionId: randomUUID(), opportunityId: randomUUID(), createdBy: 'user-1' }),
      call: (input) => da.TicketSuggestion.create(input as never),
      internalKeys: ['ticketSuggestionId', 'createdAt', 'updatedAt', 'pk', 'sk'],
    },
    {
      name: 'SyncOperation.start',
      fields: {
        taskManagementConnectionId: uuid(true),
        organizationId: uuid(true),
        triggeredBy: str1(255),
        syncType: { kind: 'enum', required: true, values: ['full', 'incremental'] },
        includeClosed: { kind: 'bool', required: false },
      },
      valid: () => syncStartInput(connection),
      call: (input) => da.SyncOperation.start(input as never),
      internalKeys: ['syncOperationId', 'status', 'progress', 'results', 'error', 'errorCode', 'startedAt', 'completedAt', 'ttl', 'createdAt', 'updatedBy'],
    },
    {
      name: 'OAuthNonce.issue',
      fields: {
        organizationId: uuid(true),
        provider: { kind: 'enum', required: true, values: PROVIDERS },
        createdBy: str1(255),
        codeVerifier: { kind: 'verifier', required: false },
        redirectUri: { kind: 'url', required: false },
        ttlSeconds: { kind: 'ttl', required: false },
      },
      valid: () => nonceInput(),
      call: (input) => da.OAuthNonce.issue(input as never),
      internalKeys: ['oAuthNonceId', 'expiresAt', 'ttl', 'createdAt', 'updatedAt', 'pk'],
    },
  );

  /** Runs every case against `target`, each must be a ValidationError; the table must not change. */
  async function expectRefusedAll(target: Target, inputs: readonly { label: string; input: unknown }[]): Promise<void> {
    expect(inputs.length, 'at least one case').to.be.greaterThan(0);
    const before = await tableSnapshot(client, tableName);
    for (const { label, input } of inputs) {
      const error = await errorOf(() => target.call(input)).catch((e: unknown) => e);
      try {
        isValidationError(error);
      } catch (assertion) {
        throw new Error(`${target.name} with ${label}: ${(assertion as Error).message}; got ${String(error)}`);
      }
    }
    expect(await tableSnapshot(client, tableName), 'nothing written').to.deep.equal(before);
  }

  const with_ = (valid: Record<string, unknown>, key: string, value: unknown) => ({ ...valid, [key]: value });

  for (const target of targets) {
    describe(target.name, function () {
      it('the valid input used below is accepted (control)', async function () {
        if (target.name === 'SyncOperation.start') {
          const conn = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
          const op = await da.SyncOperation.start(syncStartInput(conn));
          await op.cancel();
          return;
        }
        await target.call(target.valid());
      });

      it('wrong types → ValidationError, nothing written', async function () {
        const valid = target.valid();
        const cases = Object.entries(target.fields).flatMap(([key, field]) =>
          wrongTypes(field).map((value) => ({ label: `${key} = ${typeof value === 'function' ? 'a function' : JSON.stringify(value)}`, input: with_(valid, key, value) })),
        );
        await expectRefusedAll(target, cases);
      });

      it('not an object at all → ValidationError, nothing written', async function () {
        class Input {
          constructor(values: Record<string, unknown>) {
            Object.assign(this, values);
          }
        }
        const cases = [null, undefined, 'input', 42, Number.NaN, true, [], [target.valid()], new Map(Object.entries(target.valid())), new Input(target.valid())].map((input) => ({
          label: Object.prototype.toString.call(input),
          input,
        }));
        await expectRefusedAll(target, cases);
      });

      it('missing required attributes → ValidationError, nothing written', async function () {
        const valid = target.valid();
        const required = Object.entries(target.fields).filter(([, f]) => f.required);
        const cases = required.map(([key]) => {
          const input = { ...valid };
          delete input[key];
          return { label: `without ${key}`, input };
        });
        cases.push(...required.map(([key]) => ({ label: `${key} undefined`, input: with_(valid, key, undefined) })));
        cases.push({ label: 'an empty object', input: {} });
        await expectRefusedAll(target, cases);
      });

      it('unknown and library-owned keys → ValidationError, nothing written', async function () {
        const valid = target.valid();
        const keys = ['bogus', 'constructor', 'toString', 'hasOwnProperty', 'isAdmin', ...target.internalKeys];
        const cases = keys.map((key) => ({ label: `extra key ${key}`, input: with_(valid, key, key === 'createdAt' || key.endsWith('At') ? new Date().toISOString() : 'x') }));
        await expectRefusedAll(target, cases);
      });

      it('a __proto__ key (JSON.parse) → ValidationError, nothing written, no prototype pollution', async function () {
        const json = JSON.stringify(target.valid());
        const cases = [
          { label: '__proto__ object', input: JSON.parse(`{"__proto__": {"isAdmin": true}, ${json.slice(1)}`) as unknown },
          { label: '__proto__ number', input: JSON.parse(`{"__proto__": 1, ${json.slice(1)}`) as unknown },
          { label: '__proto__ null', input: JSON.parse(`{"__proto__": null, ${json.slice(1)}`) as unknown },
        ];
        await expectRefusedAll(target, cases);
        expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
      });

      const urlKeys = Object.entries(target.fields).filter(([, f]) => f.kind === 'url').map(([k]) => k);
      if (urlKeys.length > 0) {
        it('non-https URLs → ValidationError, nothing written', async function () {
          const valid = target.valid();
          const cases = urlKeys.flatMap((key) => NON_HTTPS_URLS.map((url) => ({ label: `${key} = ${url}`, input: with_(valid, key, url) })));
          if (target.name === 'TaskManagementConnection.create') {
            const dc = jiraDataCenterConnectionInput();
            for (const url of NON_HTTPS_URLS.filter((u) => !u.includes('@'))) cases.push({ label: `metadata.baseUrl = ${url}`, input: { ...dc, metadata: { baseUrl: url } } });
          }
          await expectRefusedAll(target, cases);
        });
      }

      it('empty strings → ValidationError, nothing written', async function () {
        const valid = target.valid();
        const cases = Object.entries(target.fields)
          .filter(([, f]) => isStringKind(f.kind) && f.kind !== 'str0')
          .flatMap(([key]) => [
            { label: `${key} = ''`, input: with_(valid, key, '') },
          ]);
        await expectRefusedAll(target, cases);
      });

      it('10 000-character strings → ValidationError, nothing written', async function () {
        const valid = target.valid();
        const cases = Object.entries(target.fields)
          .filter(([, f]) => isStringKind(f.kind))
          .map(([key]) => ({ label: `${key} of 10 000 chars`, input: with_(valid, key, HUGE) }));
        if (target.name === 'TaskManagementConnection.create') {
          cases.push({ label: 'metadata.cloudId of 10 000 chars', input: with_(valid, 'metadata', { cloudId: HUGE }) });
          cases.push({ label: 'a scope of 10 000 chars', input: with_(valid, 'metadata', { cloudId: randomUUID(), scopes: [HUGE] }) });
        }
        await expectRefusedAll(target, cases);
      });

      it('NaN in every attribute → ValidationError, nothing written', async function () {
        const valid = target.valid();
        const cases = Object.keys(target.fields).map((key) => ({ label: `${key} = NaN`, input: with_(valid, key, Number.NaN) }));
        await expectRefusedAll(target, cases);
      });
    });
  }

  describe('TaskManagementConnection.create: nested junk in metadata', function () {
    it('→ ValidationError, nothing written', async function () {
      const cloudId = randomUUID();
      let deep: Record<string, unknown> = { end: true };
      for (let i = 0; i < 200; i += 1) deep = { deeper: deep };
      const cyclic: Record<string, unknown> = { cloudId };
      cyclic.self = cyclic;
      const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
      const metadatas: unknown[] = [
        { cloudId, nested: { deep: { deeper: [1, 2, 3] } } },
        { cloudId, scopes: [{ a: [1, { b: null }] }] },
        { cloudId, scopes: [null] },
        { cloudId, scopes: [['read']] },
        { cloudId: { toString: () => cloudId } },
        { cloudId: [cloudId] },
        { cloudId, deep },
        cyclic,
        { cloudId, ...many },
        JSON.parse(`{"cloudId": "${cloudId}", "__proto__": {"isAdmin": true}}`),
        { cloudId, scopes: { 0: 'read', length: 1 } },
        { cloudId, scopes: Array.from({ length: 10_000 }, () => 'read') },
        Object.assign(Object.create({ cloudId }) as object, {}),
      ];
      const target = targets[0]!;
      await expectRefusedAll(
        target,
        metadatas.map((metadata, i) => ({ label: `metadata case ${i}`, input: jiraCloudConnectionInput({ metadata }) })),
      );
    });
  });

  describe('Ticket.createWithSuggestions: bad links', function () {
    it('→ ValidationError, nothing written', async function () {
      const target: Target = { ...targets[2]!, call: () => Promise.resolve() };
      const link = () => ({ suggestionId: randomUUID(), opportunityId: randomUUID() });
      const linkLists: unknown[] = [
        null,
        undefined,
        'links',
        42,
        { 0: link(), length: 1 },
        [null],
        ['x'],
        [[link()]],
        [{ suggestionId: 'not-a-uuid', opportunityId: randomUUID() }],
        [{ suggestionId: randomUUID() }],
        [{ opportunityId: randomUUID() }],
        [{ ...link(), ticketId: randomUUID() }],
        [{ ...link(), createdBy: 'someone else' }],
        [{ ...link(), extra: 1 }],
        [JSON.parse(`{"__proto__": {"isAdmin": true}, "suggestionId": "${randomUUID()}", "opportunityId": "${randomUUID()}"}`)],
        [{ suggestionId: HUGE, opportunityId: randomUUID() }],
        [{ suggestionId: '', opportunityId: randomUUID() }],
        [{ suggestionId: Number.NaN, opportunityId: randomUUID() }],
        [link(), { suggestionId: randomUUID(), opportunityId: 5 }],
        Array.from({ length: 10_000 }, link),
      ];
      await expectRefusedAll(
        { ...target, call: (links) => da.Ticket.createWithSuggestions(ticketInput(connection), links as never) },
        linkLists.map((links, i) => ({ label: `links case ${i}`, input: links })),
      );
    });
  });

  describe('property-based: mutations of a valid input (fast-check, fixed seed)', function () {
    const nonString = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(Number.NaN),
      fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
      fc.object({ maxDepth: 2 }),
    );
    const notHttpsUrl = (s: string) => !URL.canParse(s) || new URL(s).protocol !== 'https:';

    function junk(field: Field): fc.Arbitrary<unknown> {
      switch (field.kind) {
        case 'uuid':
          return fc.oneof(nonString, fc.string().filter((s) => !UUID_RE.test(s)));
        case 'enum':
          return fc.oneof(nonString, fc.string().filter((s) => !(field.values ?? []).includes(s)));
        case 'str1':
          return fc.oneof(nonString, fc.constant(''), fc.string({ minLength: (field.max ?? 255) + 1, maxLength: (field.max ?? 255) + 40 }));
        case 'str0':
          return fc.oneof(nonString, fc.string({ minLength: (field.max ?? 255) + 1, maxLength: (field.max ?? 255) + 40 }));
        case 'nullableStr':
          return fc.oneof(nonString.filter((v) => v !== null), fc.constant(''), fc.string({ minLength: (field.max ?? 100) + 1, maxLength: (field.max ?? 100) + 40 }));
        case 'url':
          return fc.oneof(nonString, fc.webUrl({ validSchemes: ['http', 'ftp', 'ws'] }), fc.string().filter(notHttpsUrl));
        case 'verifier':
          return fc.oneof(
            nonString,
            fc.string({ maxLength: 42 }),
            fc.string({ minLength: 129, maxLength: 150 }),
            fc.string({ minLength: 43, maxLength: 80 }).filter((s) => !/^[A-Za-z0-9._~-]+$/.test(s)),
          );
        case 'bool':
          return fc.anything().filter((v) => typeof v !== 'boolean' && v !== undefined);
        case 'ttl':
          return fc.oneof(
            fc.integer({ max: 59 }),
            fc.integer({ min: 3601 }),
            fc.double().filter((d) => !Number.isInteger(d) || d < 60 || d > 3600),
            nonString.filter((v) => typeof v !== 'number'),
            fc.string(),
          );
        case 'metadata':
          return fc.oneof(
            fc.anything().filter((v) => !(typeof v === 'object' && v !== null && 'cloudId' in v)),
            fc.record({ cloudId: fc.uuid(), extra: fc.anything() }),
            fc.record({ cloudId: fc.uuid(), scopes: fc.array(fc.anything().filter((v) => typeof v !== 'string'), { minLength: 1, maxLength: 3 }) }),
            fc.record({ cloudId: fc.string().filter((s) => !UUID_RE.test(s)) }),
          );
      }
    }

    for (const target of targets) {
      it(`${target.name}: every mutated input → ValidationError; the table is unchanged`, async function () {
        this.timeout(60_000);
        const valid = target.valid();
        const known = new Set([...Object.keys(target.fields)]);
        const fieldNames = Object.keys(target.fields);
        const required = fieldNames.filter((k) => target.fields[k]!.required);
        const mutation = fc.oneof(
          fc.constantFrom(...fieldNames).chain((key) => junk(target.fields[key]!).map((value) => ({ label: `${key} = junk`, input: with_(valid, key, value) }))),
          fc.constantFrom(...required).map((key) => {
            const input = { ...valid };
            delete input[key];
            return { label: `without ${key}`, input };
          }),
          fc
            .tuple(
              fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !known.has(k)),
              fc.anything(),
            )
            .map(([key, value]) => ({ label: `extra key ${JSON.stringify(key)}`, input: with_(valid, key, value) })),
        );
        const before = await tableSnapshot(client, tableName);
        await fc.assert(
          fc.asyncProperty(mutation, async ({ input }) => {
            const error = await errorOf(() => target.call(input)).catch((e: unknown) => e);
            isValidationError(error);
          }),
          { seed: SEED, numRuns: 150 },
        );
        expect(await tableSnapshot(client, tableName)).to.deep.equal(before);
      });
    }

    it('validateMetadata: arbitrary junk for every provider → ValidationError, never another error', function () {
      fc.assert(
        fc.property(fc.constantFrom(...PROVIDERS, 'trello', '', '__proto__'), fc.anything({ withNullPrototype: true, withObjectString: true }), (provider, metadata) => {
          try {
            validateMetadata(provider, metadata);
          } catch (error) {
            isValidationError(error);
            return;
          }
          // Accepted: only possible for a known provider with a plain object (the schemas then accept it).
          expect(PROVIDERS).to.include(provider);
          expect(metadata).to.be.an('object');
        }),
        { seed: SEED, numRuns: 500 },
      );
    });

    it('validateMetadata: a value whose reading throws (Proxy traps, a getter) → ValidationError "could not be read" at the part that cannot be read, as create names it — not the trap\'s error', async function () {
      const boom = () => {
        throw new Error('trap LEAK-7731');
      };
      const getter = () => Object.defineProperty({ scopes: ['read:jira-work'] }, 'cloudId', { get: boom, enumerable: true });
      const cases = [
        { metadata: () => new Proxy({}, { getPrototypeOf: boom, get: boom, ownKeys: boom, has: boom }), path: 'metadata' },
        { metadata: () => new Proxy({ cloudId: 'x' }, { get: boom }), path: 'metadata.cloudId' },
        { metadata: getter, path: 'metadata.cloudId' },
        { metadata: () => ({ cloudId: randomUUID(), scopes: Object.defineProperty(['read:jira-work'], 1, { get: boom, enumerable: true }) }), path: 'metadata.scopes[1]' },
      ];
      for (const { metadata, path } of cases) {
        let thrown: unknown;
        try {
          validateMetadata('jira_cloud', metadata());
        } catch (error) {
          thrown = error;
        }
        expect(thrown).to.be.instanceOf(ValidationError);
        expect((thrown as ValidationError).issues).to.deep.equal([{ path, message: 'could not be read' }]);
        expect((thrown as Error).message).to.not.include('LEAK-7731');
        const created = await rejectionOf(da.TaskManagementConnection.create({ ...jiraCloudConnectionInput(), metadata: metadata() as never }));
        expect((created as ValidationError).issues, 'create names the same part').to.deep.include({ path, message: 'could not be read' });
      }
      // An unknown provider is named too.
      expect(() => validateMetadata('trello', getter())).to.throw(ValidationError).with.property('issues').that.deep.equals([
        { path: 'provider', message: 'must be one of jira_cloud, jira_data_center, github' },
        { path: 'metadata.cloudId', message: 'could not be read' },
      ]);
    });
  });
});
