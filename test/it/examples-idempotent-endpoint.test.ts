// examples/idempotent-endpoint.ts on DynamoDB Local: a retried POST /tickets gets the first answer
// and the tracker issue is created once — sequential retries, 20 concurrent copies of one
// request, a reused key, each failure's effect on the key, and an attempt that outlived its lease.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import sinon from 'sinon';
import type { CreateTicketBody, IssueTracker, Reply } from '../../examples/idempotent-endpoint.js';
import { createTicketIdempotently } from '../../examples/idempotent-endpoint.js';
import type { DataAccess, TaskManagementConnection } from '../../src/index.js';
import { freshDataAccess, jiraCloudConnectionInput } from '../support/entity-fixtures.js';
import { scanAll } from '../support/local-store.js';

/** Issue numbers are unique across the file's trackers, as a real tracker's are. */
let lastIssue = 10_000;

/** A tracker that remembers which of its issues exist; `createIssue` may be made to wait or fail. */
function fakeTracker(options: { before?: () => Promise<void>; fail?: boolean } = {}) {
  const live = new Set<string>();
  let count = 0;
  const tracker: IssueTracker = {
    async createIssue() {
      await options.before?.();
      if (options.fail) throw new Error('502 from the tracker');
      count += 1;
      lastIssue += 1;
      live.add(String(lastIssue));
      return { id: String(lastIssue), key: `ASO-${lastIssue}`, url: `https://acme.atlassian.net/browse/ASO-${lastIssue}` };
    },
    deleteIssue(_connection, id) {
      live.delete(id);
      return Promise.resolve();
    },
  };
  return { tracker, live, created: () => count };
}

describe('examples/idempotent-endpoint.ts', function () {
  this.timeout(60_000);
  let da: DataAccess;
  let tableName: string;
  let client: Awaited<ReturnType<typeof freshDataAccess>>['client'];
  let connection: TaskManagementConnection;

  before(async function () {
    ({ da, tableName, client } = await freshDataAccess('examples-idempotent'));
    connection = await da.TaskManagementConnection.create(jiraCloudConnectionInput());
  });

  const body = (suggestionIds = [randomUUID(), randomUUID()]): CreateTicketBody => ({ provider: 'jira_cloud', opportunityId: randomUUID(), suggestionIds, summary: 'Speed up the checkout page' });
  const post = (key: string | undefined, requestBody: CreateTicketBody, tracker: IssueTracker, organizationId = connection.getOrganizationId()) =>
    createTicketIdempotently(da, { idempotencyKey: key, organizationId, userId: 'alice@acme.example', body: requestBody }, tracker);
  const ticketsOfIssue = async (externalTicketId: string) => (await scanAll(client, tableName)).filter((item) => item['__edb_e__'] === 'ticket' && item['externalTicketId'] === externalTicketId);

  it('answers a retry from the key: the same 201, marked replayed, with one issue and one ticket', async function () {
    const { tracker, created } = fakeTracker();
    const key = randomUUID();
    const request = body();
    const first = await post(key, request, tracker);
    expect(first.status).to.equal(201);
    const retry = await post(key, request, tracker);
    expect(retry).to.deep.equal({ ...first, headers: { 'Idempotent-Replayed': 'true' } });
    expect(created()).to.equal(1);
    const ticket = (first.body as { ticket: { externalTicketId: string } }).ticket;
    expect(await ticketsOfIssue(ticket.externalTicketId)).to.have.length(1);
  });

  it('20 concurrent copies of one request: one issue, one ticket, every answer a 201 or "in progress"', async function () {
    const { tracker, created, live } = fakeTracker();
    const key = randomUUID();
    const request = body();
    const replies = await Promise.all(Array.from({ length: 20 }, () => post(key, request, tracker)));
    expect(created()).to.equal(1);
    expect(replies.filter((reply) => reply.status === 201 && reply.headers === undefined)).to.have.length(1);
    for (const reply of replies) expect([201, 409]).to.include(reply.status);
    expect(replies.filter((reply) => reply.status === 409).every((reply) => (reply.body as { code: string }).code === 'REQUEST_IN_PROGRESS')).to.equal(true);
    // Once it finished, every retry gets the ticket.
    const after = await post(key, request, tracker);
    expect(after.status).to.equal(201);
    expect(after.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
    expect(await ticketsOfIssue([...live][0] as string)).to.have.length(1);
  });

  it('the same key with another body is refused (422) and writes nothing', async function () {
    const { tracker, created } = fakeTracker();
    const key = randomUUID();
    expect((await post(key, body(), tracker)).status).to.equal(201);
    const before = (await scanAll(client, tableName)).length;
    const reused = await post(key, body(), tracker);
    expect(reused).to.deep.equal({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(created()).to.equal(1);
    expect((await scanAll(client, tableName)).length).to.equal(before);
  });

  it('a request without a key is 400, and junk keys are 400 naming the field, before any write', async function () {
    const { tracker, created } = fakeTracker();
    expect(await post(undefined, body(), tracker)).to.deep.equal({ status: 400, body: { code: 'IDEMPOTENCY_KEY_REQUIRED' } });
    const before = (await scanAll(client, tableName)).length;
    expect(await post('', body(), tracker)).to.deep.equal({ status: 400, body: { code: 'VALIDATION', fields: ['key'] } });
    expect(await post('x'.repeat(300), body(), tracker)).to.deep.equal({ status: 400, body: { code: 'VALIDATION', fields: ['key'] } });
    expect(created()).to.equal(0);
    expect((await scanAll(client, tableName)).length).to.equal(before);
  });

  it('no active connection, then a tracker failure: the key is released each time and the next retry creates the ticket', async function () {
    const organizationId = randomUUID();
    const key = randomUUID();
    const request = body();
    const { tracker, created } = fakeTracker();
    expect(await post(key, request, tracker, organizationId)).to.deep.equal({ status: 409, body: { code: 'NO_ACTIVE_CONNECTION' } });
    await da.TaskManagementConnection.create(jiraCloudConnectionInput({ organizationId }));
    expect(await post(key, request, fakeTracker({ fail: true }).tracker, organizationId)).to.deep.equal({ status: 502, body: { code: 'TRACKER_UNAVAILABLE' } });
    const third = await post(key, request, tracker, organizationId);
    expect(third.status).to.equal(201);
    expect(third.headers).to.equal(undefined);
    expect(created()).to.equal(1);
  });

  it('a suggestion ticketed already: 409 stored in the key, the same 409 on every retry, the new issue deleted', async function () {
    const { tracker, live } = fakeTracker();
    const suggestionId = randomUUID();
    expect((await post(randomUUID(), body([suggestionId]), tracker)).status).to.equal(201);
    const key = randomUUID();
    const request = body([randomUUID(), suggestionId]);
    const refused = await post(key, request, tracker);
    expect(refused).to.deep.equal({ status: 409, body: { code: 'ALREADY_TICKETED', suggestionIds: [suggestionId] } });
    expect(live.size).to.equal(1);
    expect(await post(key, request, tracker)).to.deep.equal({ ...refused, headers: { 'Idempotent-Replayed': 'true' } });
    expect(live.size).to.equal(1);
  });

  it('an attempt that outlived its lease: the retry takes over and answers; the late attempt deletes its issue and writes nothing', async function () {
    const key = randomUUID();
    const request = body();
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'], shouldAdvanceTime: true });
    try {
      let late: Promise<Reply> | undefined;
      const { tracker, live, created } = fakeTracker({
        before: async () => {
          if (late !== undefined) return;
          // The first attempt hangs in the tracker past its 60 s lease; the client retries meanwhile.
          clock.tick(61_000);
          late = post(key, request, fakeTracker().tracker);
          await late;
        },
      });
      const first = await post(key, request, tracker);
      const retry = await (late as Promise<Reply>);
      expect(retry.status).to.equal(201);
      expect(first).to.deep.equal({ status: 409, body: { code: 'REQUEST_IN_PROGRESS' }, headers: { 'Retry-After': '1' } });
      expect(created()).to.equal(1);
      expect(live.size).to.equal(0);
      const stored = await post(key, request, tracker);
      expect(stored).to.deep.equal({ ...retry, headers: { 'Idempotent-Replayed': 'true' } });
      const ticket = (retry.body as { ticket: { externalTicketId: string } }).ticket;
      expect(await ticketsOfIssue(ticket.externalTicketId)).to.have.length(1);
    } finally {
      clock.restore();
    }
  });
});
