import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ValidationError } from '../../../src/index.js';
import type { Note, Workspace } from '../../fixtures/framework-entities.js';
import type { CommandLog, FrameworkTable } from './framework-helpers.js';
import { itemsOf, openFrameworkTable, rejectionOf, scanTable } from './framework-helpers.js';

describe('framework on DynamoDB Local: batch reads, existence and hidden attributes', function () {
  this.timeout(60_000);
  let client: FrameworkTable['client'];
  let tableName: string;
  let da: FrameworkTable['da'];
  let log: CommandLog;

  before(async function () {
    ({ client, tableName, da, log } = await openFrameworkTable('framework-reads'));
  });

  after(function () {
    client?.destroy();
  });

  describe('batchGetByIds', function () {
    let ws: Workspace;
    let notes: Note[];

    before(async function () {
      ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'reads', name: 'Reads' });
      const made = await da.Note.createMany(Array.from({ length: 200 }, (_, i) => ({ workspaceId: ws.getId(), body: `n${i}` })));
      expect(made.failed).to.deep.equal([]);
      notes = made.created;
    });

    it('reads 250 ids (missing and duplicated among them) and returns each existing item once, in input order', async function () {
      // 180 existing ids, 50 missing ones, 20 repeats of existing ids, shuffled deterministically.
      const existing = notes.slice(0, 180).map((n) => n.getId());
      const missing = Array.from({ length: 50 }, () => randomUUID());
      const repeats = existing.slice(30, 50);
      const input = [...existing, ...missing, ...repeats];
      let seed = 7;
      for (let i = input.length - 1; i > 0; i -= 1) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const j = seed % (i + 1);
        [input[i], input[j]] = [input[j]!, input[i]!];
      }
      expect(input).to.have.length(250);
      const expected = [...new Set(input)].filter((id) => existing.includes(id));
      expect(expected).to.have.length(180);

      log.reset();
      const models = await da.Note.batchGetByIds(input);
      expect(models.map((m) => m.getId())).to.deep.equal(expected);
      const byId = new Map(notes.map((n) => [n.getId(), n]));
      for (const model of models) expect(model.getBody()).to.equal(byId.get(model.getId())!.getBody());
      // 230 distinct keys need 3 BatchGetItem requests of at most 100 keys.
      expect(log.count('BatchGetItemCommand'), log.commands.join()).to.equal(3);
    });

    it('skips ids of another entity and returns [] for []', async function () {
      const models = await da.Note.batchGetByIds([ws.getId(), notes[0]!.getId()]);
      expect(models.map((m) => m.getId())).to.deep.equal([notes[0]!.getId()]);
      expect(await da.Note.batchGetByIds([])).to.deep.equal([]);
      expect((await da.Workspace.batchGetByIds([notes[1]!.getId(), ws.getId()])).map((w) => w.getId())).to.deep.equal([ws.getId()]);
    });

    it('rejects a malformed id with ValidationError before any request', async function () {
      log.reset();
      const error = await rejectionOf(da.Note.batchGetByIds([notes[0]!.getId(), 'nope', undefined as never]));
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['ids[1]', 'ids[2]']);
      expect(await rejectionOf(da.Note.batchGetByIds('nope' as never))).to.be.instanceOf(ValidationError);
      expect(log.commands).to.deep.equal([]);
    });

    it('existsById is true for an existing item, false for a missing id, a removed item or an id of another entity', async function () {
      expect(await da.Note.existsById(notes[0]!.getId())).to.equal(true);
      expect(await da.Workspace.existsById(ws.getId())).to.equal(true);
      expect(await da.Note.existsById(randomUUID())).to.equal(false);
      expect(await da.Note.existsById(ws.getId())).to.equal(false);
      expect(await da.Workspace.existsById(notes[0]!.getId())).to.equal(false);
      const doomed = notes[199]!;
      await doomed.remove();
      expect(await da.Note.existsById(doomed.getId())).to.equal(false);
      expect(await da.Note.findById(doomed.getId())).to.equal(null);
      expect(await rejectionOf(da.Note.existsById('nope'))).to.be.instanceOf(ValidationError);
    });
  });

  describe('hidden attributes', function () {
    it('apiSecret is stored and readable through its getter but absent from toJSON() and JSON.stringify', async function () {
      const secret = `s3cret-${randomUUID()}`;
      const ws = await da.Workspace.create({ organizationId: randomUUID(), slug: 'hidden', name: 'Hidden', apiSecret: secret });
      const stored = itemsOf(await scanTable(client, tableName), 'workspace').find((item) => item.workspaceId === ws.getId());
      expect(stored?.apiSecret).to.equal(secret);

      for (const model of [ws, (await da.Workspace.findById(ws.getId()))!, (await da.Workspace.batchGetByIds([ws.getId()]))[0]!, (await da.Workspace.findByOrganizationId(ws.getOrganizationId()))!]) {
        expect(model.getApiSecret()).to.equal(secret);
        const json = model.toJSON() as Record<string, unknown>;
        expect(json).to.not.have.property('apiSecret');
        expect(json).to.include({ workspaceId: ws.getId(), slug: 'hidden', name: 'Hidden', status: 'open' });
        expect(JSON.stringify(model)).to.not.include(secret);
      }

      const copy = (await da.Workspace.findById(ws.getId()))!;
      const rotated = `rotated-${randomUUID()}`;
      await copy.setApiSecret(rotated).save();
      expect(JSON.stringify(copy)).to.not.include(rotated);
      const after = itemsOf(await scanTable(client, tableName), 'workspace').find((item) => item.workspaceId === ws.getId());
      expect(after?.apiSecret).to.equal(rotated);
      expect((await da.Workspace.findById(ws.getId()))?.getApiSecret()).to.equal(rotated);
    });

    it('a validation error about apiSecret does not echo the secret', async function () {
      const secret = `leak-${'z'.repeat(300)}`;
      const error = await rejectionOf(da.Workspace.create({ organizationId: randomUUID(), slug: 'hidden-2', name: 'H', apiSecret: secret }));
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal(['apiSecret']);
      expect(String((error as Error).message)).to.not.include('leak-');
      expect(JSON.stringify(error)).to.not.include('leak-');
    });
  });
});
