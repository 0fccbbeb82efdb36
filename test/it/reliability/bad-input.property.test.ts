/**
 * Bad input, property-based (fast-check, fixed seed 42): thousands of generated wrong values for
 * every create input of the five entities (and Ticket.createWithSuggestions, OAuthNonce.issue,
 * SyncOperation.start), every setter, the model methods that take input, validateMetadata and
 * the read methods' ids/cursors. Each must end in a ValidationError whose `issues` list is not
 * empty and whose paths name the field that was made wrong — never another error class — and no
 * request may reach DynamoDB: the data access runs over a counting client, and a scan at the end
 * shows the table unchanged.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import fc from 'fast-check';
import type { DataAccess, SyncOperation, TaskManagementConnection, Ticket } from '../../../src/index.js';
import {
  OAuthNonce,
  oauthNonceSchema,
  OAuthTokenState,
  PROVIDERS,
  SyncOperation as SyncOperationModel,
  syncOperationSchema,
  TaskManagementConnection as ConnectionModel,
  taskManagementConnectionSchema,
  Ticket as TicketModel,
  ticketSchema,
  TicketSuggestion,
  ticketSuggestionSchema,
  validateMetadata,
  ValidationError,
} from '../../../src/index.js';
import { BINDING, RECORD } from '../../../src/model/binding.js';
import type { FaultInjector } from '../../support/fault-injector.js';
import { tableSnapshot } from '../../support/entity-fixtures.js';
import {
  anyPresentValue,
  BAD_METADATA,
  badBoolean,
  badEnum,
  badHttpsUrl,
  badJiraCloudMetadata,
  badString,
  badUuid,
  junkObject,
  notAPlainObject,
  wrongNumber,
} from './bad-values.js';
import { figure, note } from './figures.js';
import type { Item } from './support.js';
import { cleanDataAccess, injectedDataAccess, Inputs, newTable, testKeyring } from './support.js';

const RUNS = 1000;
const PARAMS = { seed: 42, numRuns: RUNS } as const;
const SECTION = 'bad input (property-based)';
const PROVIDER_VALUES = Object.values(PROVIDERS);

/** A path predicate: the issue names `name` (the field itself, or something inside it). */
const inField =
  (...names: string[]) =>
  (path: string) =>
    names.some((name) => path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`));

function describeError(error: unknown): string {
  if (error === undefined) return 'no error';
  if (error instanceof Error) return `${error.constructor.name}: ${error.message.slice(0, 300)}`;
  return `a thrown ${typeof error}`;
}

let issuesChecked = 0;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string anywhere inside `value` is not well-formed Unicode (a lone surrogate). */
function containsMalformed(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (depth > 5 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((inner) => containsMalformed(inner, depth + 1));
}

/** Runs `call` (sync throw or rejection alike) and checks it fails with a ValidationError whose issues all satisfy `names`. */
async function expectValidationError(call: () => unknown, names: (path: string) => boolean, label: string, ignore: (path: string) => boolean = () => false): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ValidationError)) throw new Error(`${label}: expected a ValidationError, got ${describeError(error)}`);
  if (!Array.isArray(error.issues) || error.issues.length === 0) throw new Error(`${label}: a ValidationError without issues`);
  const own = error.issues.filter((issue) => !ignore(issue.path));
  const stray = own.filter((issue) => typeof issue.path !== 'string' || typeof issue.message !== 'string' || !names(issue.path));
  if (own.length === 0 || stray.length > 0) throw new Error(`${label}: issues ${JSON.stringify(error.issues).slice(0, 400)} do not all name the failing field`);
  issuesChecked += error.issues.length;
}

type FieldArbitraries = Record<string, fc.Arbitrary<unknown>>;

/** One field of `fields` replaced by one of its wrong values; or an unknown key; or a `__proto__` key from JSON.parse. */
function oneWrong(fields: FieldArbitraries, allowed: readonly string[]): fc.Arbitrary<{ field: string; value: unknown; kind: 'field' | 'unknown' | 'proto' }> {
  const field = fc.constantFrom(...Object.keys(fields)).chain((name) => (fields[name] as fc.Arbitrary<unknown>).map((value) => ({ field: name, value, kind: 'field' as const })));
  const unknownKey = fc
    .tuple(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'pk', 'sk', '__edb_e__', '__w', 'gsi1pk', 'createdAt', 'updatedAt')),
      // An attribute set by the library may be given as undefined (it means "absent"): a value must be there.
      fc.anything().filter((value) => value !== undefined),
    )
    .filter(([key]) => !allowed.includes(key))
    .map(([key, value]) => ({ field: key, value, kind: 'unknown' as const }));
  const proto = fc.constantFrom('{"isAdmin":true}', '{"polluted":"yes"}', 'null', '[]').map((json) => ({ field: '__proto__', value: json, kind: 'proto' as const }));
  return fc.oneof({ arbitrary: field, weight: 8 }, { arbitrary: unknownKey, weight: 1 }, { arbitrary: proto, weight: 1 });
}

/** The valid input with the wrong part applied (a `__proto__` key is put in through JSON.parse, as a request body would). */
function applyWrong(valid: Item, wrong: { field: string; value: unknown; kind: string }): Item {
  if (wrong.kind === 'proto') {
    const json = JSON.stringify(valid);
    return JSON.parse(`{"__proto__":${String(wrong.value)},${json.slice(1)}`) as Item;
  }
  const input: Item = { ...valid };
  Object.defineProperty(input, wrong.field, { value: wrong.value, enumerable: true, writable: true, configurable: true });
  return input;
}

function recordRuns(name: string, runs = RUNS): void {
  figure(SECTION).cases += runs;
  note(SECTION, name, runs);
}

describe('reliability: bad input → ValidationError naming the field, never another error, never a write (fast-check, seed 42)', function () {
  this.timeout(180_000);
  let tableName: string;
  let clean: { da: DataAccess; client: DynamoDBClient };
  let da: DataAccess;
  let injector: FaultInjector;
  let counted: DynamoDBClient;
  let inputs: Inputs;
  let connection: TaskManagementConnection;
  let ticket: Ticket;
  let pendingSync: SyncOperation;
  let runningSync: SyncOperation;
  let tokenState: OAuthTokenState;
  let snapshotBefore: string[];

  before(async function () {
    tableName = await newTable('rel-bad-input');
    clean = cleanDataAccess(tableName);
    inputs = new Inputs(42, 'bad-input');
    const parent = await clean.da.TaskManagementConnection.create(inputs.connection());
    const parentTicket = await clean.da.Ticket.create(inputs.ticket(parent, 1));
    const pending = await clean.da.SyncOperation.start(inputs.syncStart(parent));
    const other = await clean.da.TaskManagementConnection.create(inputs.connection());
    const running = await clean.da.SyncOperation.start(inputs.syncStart(other));
    await running.begin();
    await clean.da.OAuthTokenState.put(parent.getId(), { accessToken: 'access-0', refreshToken: 'refresh-0' });
    const stateId = (await clean.da.OAuthTokenState.page({ taskManagementConnectionId: parent.getId() })).items[0]?.getId() as string;
    // A counting client (no faults): every request the library sends is seen.
    ({ da, injector, client: counted } = injectedDataAccess(tableName, { seed: 42, encryption: testKeyring() }));
    connection = (await da.TaskManagementConnection.findById(parent.getId())) as TaskManagementConnection;
    ticket = (await da.Ticket.findById(parentTicket.getId())) as Ticket;
    pendingSync = (await da.SyncOperation.findById(pending.getId())) as SyncOperation;
    runningSync = (await da.SyncOperation.findById(running.getId())) as SyncOperation;
    tokenState = (await da.OAuthTokenState.findById(stateId)) as OAuthTokenState;
    injector.commands.clear();
    injector.attempts.clear();
    snapshotBefore = await tableSnapshot(clean.client, tableName);
  });

  after(function () {
    clean?.client.destroy();
    counted?.destroy();
    note(SECTION, 'issues checked', issuesChecked);
  });

  // -------------------------------------------------------------------------------------------
  // Create inputs
  // -------------------------------------------------------------------------------------------

  const connectionFields = (): FieldArbitraries => ({
    taskManagementConnectionId: badUuid(),
    updatedBy: badString(0, 255),
    organizationId: badUuid(),
    provider: badEnum(PROVIDER_VALUES),
    displayName: badString(1, 255),
    instanceUrl: badHttpsUrl(),
    connectedBy: badString(1, 255),
    externalInstanceId: badString(1, 512),
    metadata: badJiraCloudMetadata(),
  });

  const ticketFields = (): FieldArbitraries => ({
    ticketId: badUuid(),
    updatedBy: badString(0, 255),
    organizationId: badUuid(),
    opportunityId: badUuid(),
    externalTicketId: badString(1, 255),
    ticketKey: badString(1, 255),
    ticketUrl: badHttpsUrl(),
    ticketProvider: badEnum(PROVIDER_VALUES),
    summary: badString(0, 255),
    ticketStatus: badString(1, 100, { nullable: true }),
    createdBy: badString(1, 255),
    taskManagementConnectionId: badUuid(),
  });

  const suggestionFields = (): FieldArbitraries => ({
    ticketSuggestionId: anyPresentValue,
    updatedBy: badString(0, 255),
    suggestionId: badUuid(),
    opportunityId: badUuid(),
    createdBy: badString(1, 255),
    ticketId: badUuid(),
  });

  const codeVerifier = badString(43, 128, { extra: [fc.string({ minLength: 43, maxLength: 128 }).filter((s) => !/^[A-Za-z0-9._~-]+$/.test(s))] });
  const badTtl = fc.oneof(
    wrongNumber.filter((n) => !(Number.isInteger(n) && n >= 60 && n <= 3600)),
    fc.integer({ max: 59 }),
    fc.integer({ min: 3601 }),
    fc.constantFrom<unknown>('600', null, true, Number.NaN, 600.5),
    junkObject,
  );

  const nonceIssueFields = (): FieldArbitraries => ({
    oAuthNonceId: anyPresentValue,
    updatedBy: badString(0, 255),
    organizationId: badUuid(),
    provider: badEnum(PROVIDER_VALUES),
    createdBy: badString(1, 255),
    codeVerifier,
    redirectUri: badHttpsUrl(),
    ttlSeconds: badTtl,
  });

  const nonceCreateFields = (): FieldArbitraries => ({
    ...nonceIssueFields(),
    oAuthNonceId: badString(64, 64, { extra: [fc.constantFrom('A'.repeat(64), 'g'.repeat(64), 'a'.repeat(63), 'a'.repeat(65))] }),
    ttlSeconds: anyPresentValue,
  });

  const startFields = (): FieldArbitraries => ({
    syncOperationId: anyPresentValue,
    updatedBy: anyPresentValue,
    taskManagementConnectionId: badUuid(),
    organizationId: badUuid(),
    triggeredBy: badString(1, 255),
    syncType: badEnum(['full', 'incremental']),
    includeClosed: badBoolean,
    // An integer from 60 to 86400 (seconds).
    leaseSeconds: fc.oneof(fc.constantFrom<unknown>(0, 59, 86_401, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '900', null, true, {}, []), fc.integer({ max: 59 }), fc.integer({ min: 86_401 })),
  });

  it('every create input field has a generator of wrong values (a new attribute must be added here)', function () {
    const covers = (fields: FieldArbitraries, names: Iterable<string>, extra: string[] = []) =>
      expect(Object.keys(fields).sort()).to.deep.equal([...new Set([...names, ...extra])].sort());
    covers(connectionFields(), taskManagementConnectionSchema.inputAttributeNames);
    covers(ticketFields(), ticketSchema.inputAttributeNames);
    covers(suggestionFields(), ticketSuggestionSchema.inputAttributeNames);
    covers(nonceIssueFields(), oauthNonceSchema.inputAttributeNames, ['ttlSeconds']);
    covers(startFields(), syncOperationSchema.inputAttributeNames);
  });

  const creates: {
    name: string;
    fields: () => FieldArbitraries;
    valid: () => Item;
    call: (input: Item) => Promise<unknown>;
    prefix?: string;
    extraAllowed?: string[];
    /** Issues judged elsewhere (see the createWithSuggestions test on issues of valid links). */
    ignore?: (path: string) => boolean;
  }[] = [
    {
      name: 'TaskManagementConnection.create',
      fields: connectionFields,
      valid: () => inputs.connection(),
      call: (input) => da.TaskManagementConnection.create(input as never),
    },
    {
      name: 'Ticket.create',
      fields: ticketFields,
      valid: () => inputs.ticket(connection, 7),
      call: (input) => da.Ticket.create(input as never),
    },
    {
      name: 'Ticket.createWithSuggestions (ticket part)',
      fields: ticketFields,
      valid: () => inputs.ticket(connection, 8),
      call: (input) => da.Ticket.createWithSuggestions(input as never, inputs.links(2)),
      prefix: 'ticket',
      ignore: inField('links'),
    },
    {
      name: 'TicketSuggestion.create',
      fields: suggestionFields,
      valid: () => ({ ticketId: ticket.getId(), suggestionId: inputs.uuid(), opportunityId: inputs.uuid(), createdBy: 'user-1' }),
      call: (input) => da.TicketSuggestion.create(input as never),
    },
    {
      name: 'OAuthNonce.issue',
      fields: nonceIssueFields,
      valid: () => ({ ...inputs.nonce(), ttlSeconds: 600 }),
      call: (input) => da.OAuthNonce.issue(input as never),
      extraAllowed: ['ttlSeconds'],
    },
    {
      name: 'OAuthNonce.create (the collection’s generic create)',
      fields: nonceCreateFields,
      valid: () => ({ ...inputs.nonce(), oAuthNonceId: 'a'.repeat(64) }),
      call: (input) => da.OAuthNonce.create(input as never),
    },
    {
      name: 'SyncOperation.start',
      fields: startFields,
      valid: () => inputs.syncStart(connection, { includeClosed: false }),
      call: (input) => da.SyncOperation.start(input as never),
    },
  ];

  for (const create of creates) {
    it(`${create.name}: ${RUNS} inputs with one wrong field (wrong types, NaN, null, empty/huge/malformed strings, non-https URLs, junk, unknown and __proto__ keys)`, async function () {
      const fields = create.fields();
      const allowed = [...Object.keys(fields), ...(create.extraAllowed ?? [])];
      await fc.assert(
        fc.asyncProperty(oneWrong(fields, allowed), async (wrong) => {
          const input = applyWrong(create.valid(), wrong);
          // Paths are joined like the library joins them: 'ticket' + '' → 'ticket', 'ticket' + '[x' → 'ticket[x'.
          const path = !create.prefix ? wrong.field : wrong.field === '' ? create.prefix : wrong.field.startsWith('[') ? `${create.prefix}${wrong.field}` : `${create.prefix}.${wrong.field}`;
          await expectValidationError(() => create.call(input), inField(path), `${create.name} with a wrong ${wrong.field}`, create.ignore);
        }),
        PARAMS,
      );
      recordRuns(create.name);
    });
  }

  it(`Ticket.createWithSuggestions (links part): ${RUNS} wrong link lists (not an array, > 49, junk elements, bad ids, duplicates, unknown keys)`, async function () {
    const valid = () => inputs.links(3);
    const badLinks = fc.oneof(
      notAPlainObject.filter((v) => !Array.isArray(v)),
      fc.constant(JSON.parse('{"0":{"suggestionId":"x"},"length":1}') as unknown),
      fc.integer({ min: 50, max: 120 }).map((n) => inputs.links(n)),
      fc.tuple(fc.nat(2), fc.oneof(notAPlainObject, fc.constant(null))).map(([i, junk]) => valid().map((link, j) => (j === i ? junk : link))),
      fc.tuple(fc.nat(2), fc.constantFrom('suggestionId', 'opportunityId'), badUuid()).map(([i, key, value]) => valid().map((link, j) => (j === i ? { ...link, [key]: value } : link))),
      fc.nat(1).map((i) => {
        const links = valid();
        (links[i + 1] as { suggestionId: string }).suggestionId = (links[0] as { suggestionId: string }).suggestionId;
        return links;
      }),
      fc.tuple(fc.nat(2), fc.oneof(fc.string(), fc.constantFrom('__proto__', 'ticketId', 'createdBy')), fc.anything()).map(([i, key, value]) =>
        valid().map((link, j) => (j === i ? Object.defineProperty({ ...link }, key === 'suggestionId' || key === 'opportunityId' ? `${key}2` : key, { value, enumerable: true }) : link)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(badLinks, async (links) => {
        await expectValidationError(() => da.Ticket.createWithSuggestions(inputs.ticket(connection, 9), links as never), inField('links'), 'createWithSuggestions with wrong links');
      }),
      PARAMS,
    );
    recordRuns('Ticket.createWithSuggestions (links)');
  });

  it(`whole inputs that are not plain objects: ${RUNS} cases over every create method → ValidationError`, async function () {
    const methods: [string, (input: unknown) => unknown][] = [
      ['TaskManagementConnection.create', (input) => da.TaskManagementConnection.create(input as never)],
      ['Ticket.create', (input) => da.Ticket.create(input as never)],
      ['Ticket.createWithSuggestions', (input) => da.Ticket.createWithSuggestions(input as never, [])],
      ['TicketSuggestion.create', (input) => da.TicketSuggestion.create(input as never)],
      ['OAuthNonce.issue', (input) => da.OAuthNonce.issue(input as never)],
      ['OAuthNonce.create', (input) => da.OAuthNonce.create(input as never)],
      ['SyncOperation.start', (input) => da.SyncOperation.start(input as never)],
      ['Ticket.createMany', (input) => da.Ticket.createMany(input as never)],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(methods.length - 1), notAPlainObject, async (m, input) => {
        const [name, call] = methods[m] as [string, (input: unknown) => unknown];
        if (name === 'Ticket.createMany' && Array.isArray(input)) return; // an array is a valid list (its items are checked below)
        await expectValidationError(() => call(input), () => true, `${name}(${describeError(input)})`);
      }),
      PARAMS,
    );
    recordRuns('whole inputs that are not plain objects');
  });

  it(`createMany: ${RUNS} lists of wrong items → every item in failed with a ValidationError naming its field, none created`, async function () {
    const fields = ticketFields();
    const allowed = Object.keys(fields);
    await fc.assert(
      fc.asyncProperty(fc.array(oneWrong(fields, allowed), { minLength: 1, maxLength: 4 }), async (wrongs) => {
        const items = wrongs.map((wrong) => applyWrong(inputs.ticket(connection, 3), wrong));
        const result = await da.Ticket.createMany(items as never);
        expect(result.created).to.deep.equal([]);
        expect(result.failed).to.have.length(items.length);
        for (const [i, { error }] of result.failed.entries()) {
          await expectValidationError(
            () => {
              throw error;
            },
            inField((wrongs[i] as { field: string }).field),
            `createMany item ${i}`,
          );
        }
      }),
      PARAMS,
    );
    recordRuns('Ticket.createMany (wrong items)');
  });

  it(`OAuthTokenState.put / rotate: ${RUNS} wrong connection ids, versions and token objects → ValidationError naming the field`, async function () {
    const validTokens = { accessToken: 'access', refreshToken: 'refresh', expiresAt: null, scopes: ['read'] };
    const tokenFields: FieldArbitraries = {
      accessToken: badString(1, 8192).filter((v) => typeof v !== 'string' || v.length > 0),
      refreshToken: badString(1, 8192),
      expiresAt: fc.oneof(fc.constantFrom<unknown>('', 'tomorrow', '2026-13-01T00:00:00Z', 0, Number.NaN, true), fc.string(), junkObject),
      scopes: fc.oneof(fc.constantFrom<unknown>('read', null, 0), fc.array(fc.constant('s'), { minLength: 101, maxLength: 120 }), fc.array(fc.oneof(fc.constant(''), fc.constant('s'.repeat(257)), wrongNumber), { minLength: 1, maxLength: 3 }), junkObject.filter((v) => !Array.isArray(v))),
    };
    const wrongCall = fc.oneof(
      // Tokens with lone surrogates are left out: a dedicated test below covers them.
      wellFormed(oneWrong(tokenFields, Object.keys(tokenFields))).map((wrong) => ({ kind: 'tokens' as const, wrong })),
      notAPlainObject.map((tokens) => ({ kind: 'whole' as const, tokens })),
      badUuid().map((id) => ({ kind: 'id' as const, id })),
      fc.oneof(wrongNumber.filter((n) => !(Number.isInteger(n) && n >= 1)), fc.integer({ max: 0 }), fc.constantFrom<unknown>('1', null, undefined, 1.5)).map((version) => ({ kind: 'version' as const, version })),
    );
    await fc.assert(
      fc.asyncProperty(wrongCall, fc.boolean(), async (call, rotate) => {
        const id = call.kind === 'id' ? call.id : connection.getId();
        const tokens = call.kind === 'tokens' ? applyWrong(validTokens, call.wrong) : call.kind === 'whole' ? call.tokens : validTokens;
        const path = call.kind === 'tokens' ? call.wrong.field : call.kind === 'whole' ? 'tokens' : call.kind === 'id' ? 'taskManagementConnectionId' : 'expectedVersion';
        if (call.kind === 'version' && !rotate) return; // put has no version
        const run = () => (rotate ? da.OAuthTokenState.rotate(id as string, call.kind === 'version' ? (call.version as number) : 1, tokens as never) : da.OAuthTokenState.put(id as string, tokens as never));
        await expectValidationError(run, inField(path), `OAuthTokenState.${rotate ? 'rotate' : 'put'} with a wrong ${path}`);
      }),
      PARAMS,
    );
    recordRuns('OAuthTokenState.put / rotate');
  });

  // -------------------------------------------------------------------------------------------
  // Setters and model methods
  // -------------------------------------------------------------------------------------------

  type Target = () => Record<string, unknown> & { hasChanges(): boolean; toJSON(): object };

  /** A fresh copy of `model` (same binding, so a write would be counted), so runs do not share state. */
  function fresh<M extends object>(model: M): M {
    const internal = model as unknown as { [BINDING]: { hydrate(item: Item): object }; [RECORD]: Item };
    return internal[BINDING].hydrate(structuredClone(internal[RECORD])) as M;
  }
  const setters = (): Record<string, { target: Target; values: fc.Arbitrary<unknown>; field: string }> => ({
    'TaskManagementConnection.setUpdatedBy': { target: () => fresh(connection) as never, values: badString(0, 255), field: 'updatedBy' },
    'TaskManagementConnection.setDisplayName': { target: () => fresh(connection) as never, values: badString(1, 255), field: 'displayName' },
    'TaskManagementConnection.setInstanceUrl': { target: () => fresh(connection) as never, values: badHttpsUrl(), field: 'instanceUrl' },
    'TaskManagementConnection.setMetadata': { target: () => fresh(connection) as never, values: badJiraCloudMetadata(), field: 'metadata' },
    'Ticket.setUpdatedBy': { target: () => fresh(ticket) as never, values: badString(0, 255), field: 'updatedBy' },
    'Ticket.setTicketStatus': { target: () => fresh(ticket) as never, values: badString(1, 100, { nullable: true }), field: 'ticketStatus' },
    'SyncOperation.setUpdatedBy': { target: () => fresh(pendingSync) as never, values: badString(0, 255), field: 'updatedBy' },
  });

  it('every generated setter of the six models has a generator of wrong values (OAuthTokenState and TicketSuggestion have none)', function () {
    const models = { TaskManagementConnection: ConnectionModel, Ticket: TicketModel, TicketSuggestion, OAuthNonce, SyncOperation: SyncOperationModel, OAuthTokenState };
    const found = Object.entries(models).flatMap(([name, Model]) =>
      Object.getOwnPropertyNames(Model.prototype)
        .filter((method) => /^set[A-Z]/.test(method))
        .map((method) => `${name}.${method}`),
    );
    expect(found.sort()).to.deep.equal(Object.keys(setters()).sort());
  });

  it('an OAuthTokenState record takes no generic write: no setter, no save() anywhere on its prototype chain', function () {
    const model = fresh(tokenState);
    expect(Object.getOwnPropertyNames(OAuthTokenState.prototype).filter((method) => /^set[A-Z]/.test(method))).to.deep.equal([]);
    expect('save' in model).to.equal(false);
  });

  for (const [name, { target, values, field }] of Object.entries(setters())) {
    it(`${name}: ${RUNS} wrong values → ValidationError naming '${field}', the model unchanged`, async function () {
      const method = name.split('.')[1] as string;
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const model = target();
          const json = JSON.stringify(model.toJSON());
          await expectValidationError(() => (model[method] as (v: unknown) => unknown).call(model, value), inField(field), `${name}(${describeError(value)})`);
          if (model.hasChanges() || JSON.stringify(model.toJSON()) !== json) throw new Error(`${name}: a refused value changed the model`);
        }),
        PARAMS,
      );
      recordRuns(name);
    });
  }

  const badMessage = fc.oneof(nonStringNonNullish(), fc.constantFrom<unknown>('', '   ', '\n\t', null), badString(1, 2000).filter((v) => typeof v === 'string' && v.length > 2000), fc.constant('\uD800'));
  function nonStringNonNullish() {
    return fc.oneof(wrongNumber, fc.boolean(), junkObject);
  }
  const badCount = fc.oneof(fc.integer({ max: -1 }), fc.constantFrom<unknown>(1_000_000_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null, true), junkObject);
  const stages = ['fetching', 'matching', 'creating', 'updating'];
  const validProgress = { current: 1, total: 10, processed: 1, stage: 'fetching' };
  const validResults = { created: 1, updated: 0, skipped: 0, failed: 0 };
  const badProgress = fc.oneof(
    notAPlainObject,
    fc.tuple(fc.constantFrom('current', 'total', 'processed'), badCount).map(([key, value]) => ({ ...validProgress, [key]: value })),
    badEnum(stages).map((stage) => ({ ...validProgress, stage })),
    fc.constantFrom({ current: 1, total: 5, processed: 6, stage: 'fetching' }, { current: 6, total: 5, processed: 1, stage: 'matching' }, { total: 5, processed: 1, stage: 'fetching' }),
    fc.tuple(fc.string().filter((k) => !(k in validProgress)), fc.anything()).map(([key, value]) => Object.defineProperty({ ...validProgress }, key, { value, enumerable: true })),
  );
  const badResultError = fc.oneof(
    notAPlainObject,
    badMessage.filter((m) => m !== '   ' && m !== '\n\t' && m !== '\uD800').map((message) => ({ message })),
    badString(1, 255).map((externalId) => ({ externalId, message: 'failed' })),
    fc.constant({ message: 'failed', extra: 1 }),
  );
  const badResults = fc.oneof(
    notAPlainObject,
    fc.tuple(fc.constantFrom('created', 'updated', 'skipped', 'failed'), badCount).map(([key, value]) => ({ ...validResults, [key]: value })),
    notAPlainObject.filter((v) => v !== undefined && !Array.isArray(v)).map((errors) => ({ ...validResults, errors })),
    fc.tuple(fc.nat(3), badResultError).map(([i, error]) => ({ ...validResults, errors: [...Array.from({ length: i }, () => ({ message: 'ok' })), error] })),
    fc.tuple(fc.string().filter((k) => !['created', 'updated', 'skipped', 'failed', 'errors'].includes(k)), fc.anything()).map(([key, value]) => Object.defineProperty({ ...validResults }, key, { value, enumerable: true })),
  );

  // Values with lone surrogates are left out of the four method properties below and of
  // validateMetadata: the cases they once found are pinned by dedicated tests further down.
  const wellFormed = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary.filter((value) => !containsMalformed(value));

  const methods = (): Record<string, { target: Target; values: fc.Arbitrary<unknown>; call: (model: never, value: unknown) => unknown; fields: string[] }> => ({
    'TaskManagementConnection.markError': { target: () => fresh(connection) as never, values: wellFormed(badMessage), call: (m: TaskManagementConnection, v) => m.markError(v as string), fields: ['message', 'errorMessage'] },
    'TaskManagementConnection.markRequiresReauth': {
      target: () => fresh(connection) as never,
      values: wellFormed(badMessage.filter((v) => v !== undefined)),
      call: (m: TaskManagementConnection, v) => m.markRequiresReauth(v as string),
      fields: ['message', 'errorMessage'],
    },
    'Ticket.recordStatusSync': { target: () => fresh(ticket) as never, values: badString(1, 100), call: (m: Ticket, v) => m.recordStatusSync(v as string), fields: ['status', 'ticketStatus'] },
    'SyncOperation.reportProgress': { target: () => fresh(runningSync) as never, values: badProgress, call: (m: SyncOperation, v) => m.reportProgress(v as never), fields: ['progress'] },
    'SyncOperation.complete': { target: () => fresh(runningSync) as never, values: wellFormed(badResults), call: (m: SyncOperation, v) => m.complete(v as never), fields: ['results'] },
    'SyncOperation.fail': {
      target: () => fresh(pendingSync) as never,
      values: fc.oneof(
        wellFormed(badMessage).map((message) => [message, undefined]),
        badEnum(['RATE_LIMIT', 'AUTH_EXPIRED', 'NETWORK', 'PERMISSION', 'NOT_FOUND', 'UNKNOWN']).map((code) => ['failed', code]),
      ),
      call: (m: SyncOperation, v) => m.fail(...(v as [string, never])),
      fields: ['message', 'error', 'errorCode'],
    },
  });

  for (const [name, { target, values, call, fields }] of Object.entries(methods())) {
    it(`${name}: ${RUNS} wrong inputs → ValidationError naming ${fields.map((f) => `'${f}'`).join(' or ')}, the model unchanged`, async function () {
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const model = target();
          const json = JSON.stringify(model.toJSON());
          await expectValidationError(() => call(model as never, value), inField(...fields), `${name}(${describeError(value)})`);
          if (model.hasChanges() || JSON.stringify(model.toJSON()) !== json) throw new Error(`${name}(${describeError(value)}): a refused call left the model changed`);
        }),
        PARAMS,
      );
      recordRuns(name);
    });
  }

  // -------------------------------------------------------------------------------------------
  // validateMetadata
  // -------------------------------------------------------------------------------------------

  for (const provider of PROVIDER_VALUES) {
    it(`validateMetadata('${provider}', …): ${RUNS} wrong metadata → ValidationError with paths under 'metadata'`, function () {
      fc.assert(
        fc.property(wellFormed(BAD_METADATA[provider]()), (metadata) => {
          let error: unknown;
          try {
            validateMetadata(provider, metadata);
          } catch (e) {
            error = e;
          }
          if (!(error instanceof ValidationError) || error.issues.length === 0) throw new Error(`expected a ValidationError, got ${describeError(error)}`);
          const stray = error.issues.filter((issue) => !inField('metadata')(issue.path));
          if (stray.length > 0) throw new Error(`paths ${JSON.stringify(error.issues)} are not under metadata`);
          issuesChecked += error.issues.length;
        }),
        PARAMS,
      );
      recordRuns(`validateMetadata(${provider})`);
    });
  }

  it(`validateMetadata with a wrong provider or any value at all: ${RUNS} cases → it returns or throws ValidationError, never another error`, function () {
    fc.assert(
      fc.property(fc.oneof(badEnum(PROVIDER_VALUES), fc.constantFrom(...PROVIDER_VALUES)), fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (provider, metadata) => {
        let error: unknown;
        try {
          validateMetadata(provider as never, metadata);
        } catch (e) {
          error = e;
        }
        if (!PROVIDER_VALUES.includes(provider as never)) {
          if (!(error instanceof ValidationError) || !error.issues.some((issue) => issue.path === 'provider')) throw new Error(`a wrong provider gave ${describeError(error)}`);
        } else if (error !== undefined && !(error instanceof ValidationError)) {
          throw new Error(`validateMetadata threw ${describeError(error)}`);
        }
      }),
      PARAMS,
    );
    recordRuns('validateMetadata (any provider, any value)');
  });

  it('Ticket.createWithSuggestions with one wrong ticket field reports only that field, no spurious issues on valid links', async function () {
    let error: unknown;
    try {
      await da.Ticket.createWithSuggestions({ ...inputs.ticket(connection, 11), createdBy: '' }, inputs.links(2));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).to.deep.equal(['ticket.createdBy']);
  });

  describe('defects found by the properties above (values left out of them)', function () {
    it('Promise-returning methods reject bad input (never throw synchronously), so `.catch()` and Promise.allSettled see it', async function () {
      const copy = fresh(connection);
      const calls: [string, () => unknown][] = [
        ['TaskManagementConnection.create', () => da.TaskManagementConnection.create(null as never)],
        ['Ticket.createWithSuggestions', () => da.Ticket.createWithSuggestions(null as never, null as never)],
        ['Ticket.createMany', () => da.Ticket.createMany('x' as never)],
        ['SyncOperation.start', () => da.SyncOperation.start(null as never)],
        ['OAuthNonce.issue', () => da.OAuthNonce.issue(null as never)],
        ['OAuthNonce.consume', () => da.OAuthNonce.consume(42 as never)],
        ['TicketSuggestion.allBySuggestionIds', () => da.TicketSuggestion.allBySuggestionIds('x' as never)],
        ['Ticket.batchGetByIds', () => da.Ticket.batchGetByIds('x' as never)],
        ['Ticket.findById', () => da.Ticket.findById(42 as never)],
        ['Ticket.allByTaskManagementConnectionId', () => da.Ticket.allByTaskManagementConnectionId(42 as never)],
        ['TaskManagementConnection.markError', () => copy.markError(42 as never)],
        ['TaskManagementConnection.markRequiresReauth', () => copy.markRequiresReauth(42 as never)],
        ['Ticket.recordStatusSync', () => fresh(ticket).recordStatusSync(42 as never)],
        ['SyncOperation.fail', () => fresh(pendingSync).fail(42 as never)],
      ];
      const thrownSynchronously: string[] = [];
      for (const [name, call] of calls) {
        let promise: unknown;
        try {
          promise = call();
        } catch (error) {
          expect(error, name).to.be.instanceOf(ValidationError);
          thrownSynchronously.push(name);
          continue;
        }
        expect(promise, name).to.be.instanceOf(Promise);
        expect(await (promise as Promise<unknown>).then(() => undefined, (e: unknown) => e), name).to.be.instanceOf(ValidationError);
      }
      expect(thrownSynchronously).to.deep.equal([]);
    });

    it('markError / markRequiresReauth with a message that is not well-formed Unicode throw ValidationError and leave the copy exactly as it was', async function () {
      for (const move of ['markError', 'markRequiresReauth'] as const) {
        const copy = await clean.da.TaskManagementConnection.create(inputs.connection());
        const error = await copy[move]('\uD800').catch((e: unknown) => e);
        expect(error).to.be.instanceOf(ValidationError);
        const leftChanged = copy.changedAttributes();
        copy.setDisplayName('renamed later');
        await copy.save();
        const stored = await clean.da.TaskManagementConnection.findById(copy.getId());
        expect({ move, leftChanged, storedStatus: stored?.getStatus() }).to.deep.equal({ move, leftChanged: [], storedStatus: 'active' });
      }
    });

    it('SyncOperation.fail with a message that is not well-formed Unicode throws ValidationError and leaves the copy exactly as it was', async function () {
      const target = await clean.da.TaskManagementConnection.create(inputs.connection());
      const op = await clean.da.SyncOperation.start(inputs.syncStart(target));
      const error = await op.fail('\uD800').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ValidationError);
      expect(op.changedAttributes()).to.deep.equal([]);
      expect(op.getStatus()).to.equal('pending');
    });

    it('SyncOperation.complete refuses results.errors whose externalId / message are not well-formed Unicode', async function () {
      const refused: string[] = [];
      for (const error of [{ externalId: '\uD800', message: 'failed' }, { message: 'bad \uDC00 text' }]) {
        const target = await clean.da.TaskManagementConnection.create(inputs.connection());
        const op = await clean.da.SyncOperation.start(inputs.syncStart(target));
        await op.begin();
        const outcome = await op.complete({ created: 0, updated: 0, skipped: 0, failed: 1, errors: [error] }).catch((e: unknown) => e);
        const stored = await clean.da.SyncOperation.findById(op.getId());
        if (outcome instanceof ValidationError && stored?.getStatus() === 'in_progress') refused.push(JSON.stringify(error));
      }
      expect(refused, 'malformed results refused, nothing written').to.have.length(2);
    });

    it('OAuthTokenState.put refuses tokens that are not well-formed Unicode (they could not come back unaltered)', async function () {
      const target = await clean.da.TaskManagementConnection.create(inputs.connection());
      const outcome = await clean.da.OAuthTokenState.put(target.getId(), { accessToken: 'tok\uD800en', refreshToken: 'refresh' }).then(
        () => 'stored',
        (e: unknown) => (e instanceof ValidationError ? 'refused' : describeError(e)),
      );
      const stored = await clean.da.OAuthTokenState.get(target.getId());
      expect({ outcome, roundTrip: stored === null || stored.accessToken === 'tok\uD800en' }).to.deep.equal({ outcome: 'refused', roundTrip: true });
    });

    it('validateMetadata refuses metadata strings that are not well-formed Unicode (jira_data_center projectCategory, jira_cloud scopes[i])', function () {
      const cases: [string, unknown][] = [
        ['jira_data_center', { baseUrl: 'https://jira.example.com', projectCategory: '\uD800' }],
        ['jira_cloud', { cloudId: '0b7c3f5e-1d2a-4c3b-9e8f-123456789abc', scopes: ['read', 'x\uDC00'] }],
      ];
      const refused = cases.filter(([provider, metadata]) => {
        try {
          validateMetadata(provider, metadata);
          return false;
        } catch (error) {
          return error instanceof ValidationError;
        }
      });
      expect(refused.map(([provider]) => provider)).to.deep.equal(['jira_data_center', 'jira_cloud']);
    });

    it('SyncOperation.complete with 100 errors of 2000 non-ASCII characters (each valid) keeps the item under DynamoDB’s 400 KB limit by truncating the kept errors', async function () {
      const target = await clean.da.TaskManagementConnection.create(inputs.connection());
      const op = await clean.da.SyncOperation.start(inputs.syncStart(target));
      await op.begin();
      const errors = Array.from({ length: 100 }, (_, i) => ({ externalId: `ext-${i}`, message: '€'.repeat(2000) }));
      await op.complete({ created: 0, updated: 0, skipped: 0, failed: 100, errors });
      const stored = (await clean.da.SyncOperation.findById(op.getId()))!.getResults()!;
      const keptBytes = stored.errors.reduce((sum, e) => sum + Buffer.byteLength(e.message) + Buffer.byteLength(e.externalId ?? ''), 0);
      expect(stored.errors.length).to.be.greaterThan(0).and.below(100);
      expect(stored.errors.length + stored.truncatedErrors).to.equal(100);
      expect(keptBytes).to.be.at.most(200 * 1024);
      expect(stored.errors.map((e) => e.externalId)).to.deep.equal(errors.slice(0, stored.errors.length).map((e) => e.externalId));
    });
  });

  // -------------------------------------------------------------------------------------------
  // Reads: ids, nonces, cursors, index keys
  // -------------------------------------------------------------------------------------------

  it(`reads with wrong ids, nonces, cursors and index keys: ${RUNS} cases → ValidationError, no request`, async function () {
    const reads: [string, fc.Arbitrary<unknown>, (value: unknown) => unknown][] = [
      ['findById', badUuid(), (v) => da.Ticket.findById(v as string)],
      ['existsById', badUuid(), (v) => da.TaskManagementConnection.existsById(v as string)],
      ['batchGetByIds', fc.oneof(notAPlainObject.filter((v) => !Array.isArray(v)), badUuid().map((v) => [inputs.uuid(), v])), (v) => da.Ticket.batchGetByIds(v as string[])],
      ['removeByIds', fc.oneof(notAPlainObject.filter((v) => !Array.isArray(v)), badUuid().map((v) => [v])), (v) => da.Ticket.removeByIds(v as string[])],
      ['OAuthNonce.consume', fc.oneof(nonStringNonNullish(), fc.constantFrom<unknown>('', null, undefined), fc.constant('n'.repeat(513))), (v) => da.OAuthNonce.consume(v as string)],
      ['allBySuggestionIds', fc.oneof(notAPlainObject.filter((v) => !Array.isArray(v)), badUuid().map((v) => [v])), (v) => da.TicketSuggestion.allBySuggestionIds(v as string[])],
      ['allByTaskManagementConnectionId', badUuid(), (v) => da.Ticket.allByTaskManagementConnectionId(v as string)],
      ['findActiveByOrganizationAndProvider', badEnum(PROVIDER_VALUES), (v) => da.TaskManagementConnection.findActiveByOrganizationAndProvider(connection.getOrganizationId(), v as never)],
      ['findByExternalTicketId', badString(1, 255), (v) => da.Ticket.findByExternalTicketId(connection.getId(), v as string)],
      [
        'page (cursor)',
        fc.oneof(nonStringNonNullish(), fc.string({ minLength: 1 }), fc.constantFrom('', 'e30', Buffer.from('{"pk":"$other#x","sk":"y"}').toString('base64url'), Buffer.from('{"__proto__":{"pk":"x"}}').toString('base64url'))),
        (v) => da.Ticket.page({ taskManagementConnectionId: connection.getId() }, { cursor: v as string }),
      ],
      ['page (options)', fc.oneof(fc.record({ limit: fc.oneof(fc.integer({ max: 0 }), fc.constant(1.5), fc.constant(Number.NaN), fc.string()) }), fc.record({ order: badEnum(['asc', 'desc']) })), (v) => da.Ticket.page({ taskManagementConnectionId: connection.getId() }, v as never)],
      ['page (index keys)', fc.oneof(notAPlainObject, fc.constant({}), fc.constant({ nope: 1 }), badUuid().map((v) => ({ taskManagementConnectionId: v }))), (v) => da.Ticket.page(v as never)],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(reads.length - 1).chain((i) => (reads[i] as [string, fc.Arbitrary<unknown>, unknown])[1].map((value) => [i, value] as const)), async ([i, value]) => {
        const [name, , call] = reads[i] as [string, fc.Arbitrary<unknown>, (value: unknown) => unknown];
        await expectValidationError(() => call(value), (path) => typeof path === 'string', `${name}(${describeError(value)})`);
      }),
      PARAMS,
    );
    recordRuns('reads with wrong ids, nonces, cursors and keys');
  });

  // -------------------------------------------------------------------------------------------
  // Never a write, never a pollution
  // -------------------------------------------------------------------------------------------

  it('after all of the above: not one request reached DynamoDB, the table is unchanged, Object.prototype is not polluted', async function () {
    expect(Object.fromEntries(injector.commands), 'requests sent').to.deep.equal({});
    expect(await tableSnapshot(clean.client, tableName)).to.deep.equal(snapshotBefore);
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).to.equal(undefined);
    expect(probe.isAdmin).to.equal(undefined);
    expect(Object.getOwnPropertyNames(Object.prototype)).to.not.include.members(['polluted', 'isAdmin']);
    figure(SECTION).checked += issuesChecked;
  });
});
