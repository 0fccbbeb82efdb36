/**
 * Cursors and finder options on DynamoDB Local (fast-check, fixed seed). Real cursors of
 * `page()` are mutated: a cursor whose key parts are empty, of the wrong form or outside the
 * query (another entity's item, another partition, another sort-key range) is a ValidationError
 * before any request is sent; no mutation ever comes back as a DATASTORE error. Custom finders
 * check their options as the generated ones do.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ValidationError, createDataAccess, tableDefinition } from '../../../src/index.js';
import type { DataAccess, TaskManagementConnection, Ticket } from '../../../src/index.js';
import { jiraCloudConnectionInput, rejectionOf, ticketInput } from '../../support/entity-fixtures.js';
import { createTableFrom, newLocalClient } from '../../support/local-store.js';
import type { CommandLog } from '../framework/framework-helpers.js';
import { logCommands } from '../framework/framework-helpers.js';

const PARAMS = { seed: 1111, numRuns: 150 } as const;
type Key = Record<string, unknown>;

const decode = (cursor: string): Record<string, string> => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
const encode = (key: Key): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** An edit of a string that changes it: emptied, replaced, truncated, one character changed, extended. */
function editOf(original: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constant(''),
      fc.string({ maxLength: 60 }),
      fc.nat({ max: Math.max(original.length - 1, 0) }).map((n) => original.slice(0, n)),
      fc.tuple(fc.nat({ max: original.length - 1 }), fc.string({ minLength: 1, maxLength: 1 })).map(([i, c]) => `${original.slice(0, i)}${c}${original.slice(i + 1)}`),
      fc.string({ minLength: 1, maxLength: 40 }).map((tail) => `${original}${tail}`),
      fc.constant(original.toUpperCase()),
    )
    .filter((edited) => edited !== original);
}

describe('cursors and finder options (DynamoDB Local, fast-check)', function () {
  this.timeout(120_000);
  let da: DataAccess;
  let client: DynamoDBClient;
  let log: CommandLog;
  let connection: TaskManagementConnection;
  let tickets: Ticket[];
  let ticketCursor: Record<string, string>;
  let keys: { organizationId: string };

  before(async function () {
    client = newLocalClient();
    log = logCommands(client);
    const tableName = await createTableFrom(tableDefinition('entities-cursors'));
    da = createDataAccess({ tableName, client });
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
    tickets = [];
    for (let i = 0; i < 6; i += 1) tickets.push(await da.Ticket.create(ticketInput(connection)));
    keys = { organizationId: connection.getOrganizationId() };
    const first = await da.Ticket.page(keys, { limit: 2 });
    ticketCursor = decode(first.cursor as string);
    expect(Object.keys(ticketCursor).sort()).to.deep.equal(['gsi1pk', 'gsi1sk', 'pk', 'sk']);
  });

  after(function () {
    client.destroy();
  });

  /** 'ValidationError' (asserting nothing was sent), or a description of what the page held. */
  async function outcomeOf(key: Key): Promise<string> {
    log.reset();
    try {
      const page = await da.Ticket.page(keys, { limit: 2, cursor: encode(key) });
      const foreign = page.items.filter((item) => item.getOrganizationId() !== keys.organizationId);
      return foreign.length === 0 ? 'page of this query' : 'page with items of another query';
    } catch (error) {
      if (!(error instanceof ValidationError)) return `${(error as Error).name}: ${(error as Error).message}`;
      expect(error.issues.map((issue) => issue.path)).to.deep.equal(['cursor']);
      expect(log.commands, 'nothing is sent for a refused cursor').to.deep.equal([]);
      return 'ValidationError';
    }
  }

  it('the real cursor is accepted and continues the query', async function () {
    expect(await outcomeOf(ticketCursor)).to.equal('page of this query');
  });

  it('any edit of any key part is refused before any request, or reads this query only — never DATASTORE', async function () {
    const part = fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk');
    await fc.assert(
      fc.asyncProperty(
        part.chain((name) => editOf(ticketCursor[name] as string).map((value) => ({ ...ticketCursor, [name]: value }))),
        async (key) => {
          expect(await outcomeOf(key)).to.be.oneOf(['ValidationError', 'page of this query']);
        },
      ),
      PARAMS,
    );
  });

  it('an empty, non-string, missing or extra key part is refused before any request', async function () {
    const name = fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk');
    const broken = fc.oneof(
      name.map((n) => ({ ...ticketCursor, [n]: '' })),
      fc.tuple(name, fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.object(), fc.array(fc.string()))).map(([n, v]) => ({ ...ticketCursor, [n]: v })),
      name.map((n) => Object.fromEntries(Object.entries(ticketCursor).filter(([k]) => k !== n))),
      fc.constantFrom('gsi2pk', 'gsi2sk', 'gsi9sk').map((n) => ({ ...ticketCursor, [n]: ticketCursor.gsi1sk })),
      name.map((n) => ({ ...ticketCursor, [n]: `${(ticketCursor[n] as string).slice(0, 3)}\uD800` })),
    );
    await fc.assert(fc.asyncProperty(broken, async (key) => {
      expect(await outcomeOf(key)).to.equal('ValidationError');
    }), PARAMS);
  });

  it('a key of the wrong form or outside the query is refused before any request', async function () {
    const { pk, sk, gsi1pk, gsi1sk } = ticketCursor as { pk: string; sk: string; gsi1pk: string; gsi1sk: string };
    const idStart = pk.lastIndexOf('_') + 1;
    const wrong = fc.oneof(
      // the table key: any change of the entity's sort key, of ElectroDB's prefix, or an id that is not a stored UUID
      editOf(sk).map((value) => ({ ...ticketCursor, sk: value })),
      fc.tuple(fc.nat({ max: idStart - 1 }), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([i, c]) => `${pk.slice(0, i)}${c}${pk.slice(i + 1)}`)
        .filter((value) => value !== pk)
        .map((value) => ({ ...ticketCursor, pk: value })),
      fc.constantFrom(`${pk.slice(0, idStart)}${pk.slice(idStart).toUpperCase()}`, `${pk.slice(0, idStart)}not-a-uuid`, `${pk}0`).map((value) => ({ ...ticketCursor, pk: value })),
      // another partition, and a sort key outside the range (or beyond DynamoDB's 1024 bytes)
      editOf(gsi1pk).map((value) => ({ ...ticketCursor, gsi1pk: value })),
      fc.string({ maxLength: 60 }).filter((value) => !value.startsWith('$ticket_1#createdAt_')).map((value) => ({ ...ticketCursor, gsi1sk: value })),
      fc.constant({ ...ticketCursor, gsi1sk: `${gsi1sk}${'x'.repeat(1024)}` }),
    );
    await fc.assert(fc.asyncProperty(wrong, async (key) => {
      expect(await outcomeOf(key)).to.equal('ValidationError');
    }), PARAMS);
  });

  it("a cursor of another entity's item in the same partition (a connection on gsi1) is refused", async function () {
    // Limit 1 on the one connection: DynamoDB stops at it and hands back its key.
    const { cursor } = await da.TaskManagementConnection.page(keys, { limit: 1 });
    expect(cursor).to.be.a('string');
    const foreign = decode(cursor as string);
    expect(foreign.gsi1pk).to.equal(ticketCursor.gsi1pk);
    expect(await outcomeOf(foreign)).to.equal('ValidationError');
    expect(await outcomeOf({ ...ticketCursor, pk: foreign.pk, sk: foreign.sk })).to.equal('ValidationError');
    expect(await outcomeOf({ ...ticketCursor, gsi1sk: foreign.gsi1sk })).to.equal('ValidationError');
  });

  describe('SyncOperation.allByTaskManagementConnectionId checks its options like every generated finder', function () {
    for (const [what, options] of [
      ["'desc'", 'desc'],
      ['null', null],
      ['a number', 5],
      ['{ limit: 0 }', { limit: 0 }],
      ["{ order: 'up' }", { order: 'up' }],
    ] as const) {
      it(`${what} → ValidationError, nothing sent (as for Ticket.allByOrganizationId)`, async function () {
        log.reset();
        const custom = await rejectionOf(da.SyncOperation.allByTaskManagementConnectionId(connection.getId(), options as never));
        const generated = await rejectionOf(da.Ticket.allByOrganizationId(connection.getOrganizationId(), options as never));
        expect(custom).to.be.instanceOf(ValidationError);
        expect((custom as ValidationError).issues).to.deep.equal((generated as ValidationError).issues);
        expect(log.commands).to.deep.equal([]);
      });
    }

    it('still lists newest first and honours a limit', async function () {
      const sync = await da.SyncOperation.start({ taskManagementConnectionId: connection.getId(), organizationId: connection.getOrganizationId(), triggeredBy: 'u', syncType: 'full' });
      await sync.cancel();
      const listed = await da.SyncOperation.allByTaskManagementConnectionId(connection.getId(), { limit: 1 });
      expect(listed.map((s) => s.getId())).to.deep.equal([sync.getId()]);
      expect(await da.SyncOperation.allByTaskManagementConnectionId(randomUUID())).to.deep.equal([]);
    });
  });
});
