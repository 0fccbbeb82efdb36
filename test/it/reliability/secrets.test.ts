/**
 * Secrets: hidden attributes (OAuthNonce.codeVerifier; the test-only Workspace.apiSecret) never
 * appear in toJSON(), in an error (message, String(), JSON, util.inspect with its cause chain)
 * or in a call to the logger — also while faults make the library fail and log — and the raw
 * nonce never reaches the table (only its SHA-256 digest does).
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import sinon from 'sinon';
import type { DataAccess, Logger } from '../../../src/index.js';
import { ValidationError } from '../../../src/index.js';
import { frameworkRegistry } from '../../fixtures/framework-entities.js';
import { createTableFrom } from '../../support/local-store.js';
import { figure, note, recordFaults } from './figures.js';
import { cleanDataAccess, injectedConfig, injectedDataAccess, Inputs, newTable, scan, SEEDS, testKeyring } from './support.js';

const SECTION = 'secrets';

type SpyLogger = Logger & { [K in keyof Logger]: sinon.SinonSpy };

function spyLogger(): SpyLogger {
  return { debug: sinon.spy(), info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
}

/** Every way a value could be written out: JSON, String, util.inspect (deep, with causes). */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 12, showHidden: true, getters: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) out.push(String(value), value.message, value.stack ?? '');
  return out;
}

/** The secrets (of `secrets`) found in any rendering of `value`. */
function leaked(value: unknown, secrets: readonly string[]): string[] {
  const texts = renderings(value);
  return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
}

/** Every argument of every call of every method of `logger`. */
function loggedArguments(logger: SpyLogger): unknown[] {
  return (['debug', 'info', 'warn', 'error'] as const).flatMap((level) => logger[level].getCalls().flatMap((call) => call.args as unknown[]));
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('reliability: secrets stay out of toJSON, errors, logs and the table', function () {
  this.timeout(60_000);
  let tableName: string;
  let clean: { da: DataAccess; client: DynamoDBClient };
  const clients: DynamoDBClient[] = [];

  before(async function () {
    tableName = await newTable('rel-secrets');
    clean = cleanDataAccess(tableName);
  });

  after(function () {
    clean?.client.destroy();
    for (const client of clients) client.destroy();
  });

  it('OAuthNonce under faults (20 seeds): codeVerifier and the raw nonce appear in no toJSON, no error and no logger call; the table holds only digests', async function () {
    const f = figure(SECTION);
    const logger = spyLogger();
    const verifiers: string[] = [];
    const nonces: string[] = [];
    const errors: unknown[] = [];
    const models: unknown[] = [];
    await Promise.all(
      SEEDS.map(async (seed) => {
        const inputs = new Inputs(seed, SECTION);
        const { da, client, injector } = injectedDataAccess(tableName, {
          seed,
          rates: { unprocessed: 0.5, throttle: 0.2, network: 0.15, lostResponse: 0.15 },
          maxAttempts: 2,
          sdkMaxAttempts: 2,
          logger,
          concurrency: 1,
        });
        clients.push(client);
        const issued: { nonce: string; id: string }[] = [];
        for (let i = 0; i < 6; i += 1) {
          const input = inputs.nonce();
          verifiers.push(input.codeVerifier);
          try {
            const { nonce } = await da.OAuthNonce.issue(input);
            nonces.push(nonce);
            issued.push({ nonce, id: sha256(nonce) });
          } catch (error) {
            errors.push(error);
          }
        }
        // Wrong verifiers that still carry the secret text: too long, a space, a lone surrogate.
        for (const wrong of [`${inputs.codeVerifier()}${'z'.repeat(100)}`, `${inputs.codeVerifier()} spaced`, `${inputs.codeVerifier()}\uD800`]) {
          verifiers.push(wrong);
          errors.push(await da.OAuthNonce.issue(inputs.nonce({ codeVerifier: wrong })).catch((e: unknown) => e));
        }
        for (const { nonce, id } of issued.slice(0, 3)) {
          try {
            const model = await da.OAuthNonce.consume(nonce);
            if (model) models.push(model);
          } catch (error) {
            errors.push(error);
          }
          try {
            models.push(...(await da.OAuthNonce.batchGetByIds([id])));
          } catch (error) {
            errors.push(error);
          }
        }
        // Removing what is left through BatchWriteItem: unprocessed deletes outlive the budget and are logged.
        const rest = issued.slice(3).map(({ id }) => id);
        const remover = injectedDataAccess(tableName, { seed, byCommand: { BatchWriteItem: { unprocessed: 1 } }, maxAttempts: 2, logger });
        clients.push(remover.client);
        errors.push(await remover.da.OAuthNonce.removeByIds(rest).catch((e: unknown) => e));
        recordFaults(SECTION, injector);
        recordFaults(SECTION, remover.injector);
      }),
    );
    const allErrors = errors.filter((e) => e !== undefined);
    expect(allErrors.some((e) => e instanceof ValidationError), 'wrong verifiers were refused').to.equal(true);
    expect(allErrors.some((e) => (e as { code?: string }).code === 'DATASTORE'), 'faults outlived the budget').to.equal(true);
    expect(logger.warn.called, 'the library logged (batch give-ups)').to.equal(true);
    expect(models.length).to.be.greaterThan(10);
    const secrets = [...verifiers, ...nonces];
    for (const model of models) {
      expect(JSON.stringify((model as { toJSON(): object }).toJSON())).to.not.match(/codeVerifier/);
      expect(leaked((model as { toJSON(): object }).toJSON(), secrets)).to.deep.equal([]);
      expect(verifiers).to.include((model as { getCodeVerifier(): string }).getCodeVerifier());
    }
    for (const error of allErrors) expect(leaked(error, secrets), `a ${(error as Error).name}`).to.deep.equal([]);
    const logged = loggedArguments(logger);
    for (const args of logged) expect(leaked(args, secrets)).to.deep.equal([]);
    const items = await scan(clean.client, tableName);
    const table = JSON.stringify(items);
    expect(nonces.filter((nonce) => table.includes(nonce)), 'raw nonces in the table').to.deep.equal([]);
    expect(items.some((item) => nonces.some((nonce) => item.oAuthNonceId === sha256(nonce))), 'digests are stored').to.equal(true);
    f.cases += SEEDS.length * 9;
    f.checked += models.length + allErrors.length + logged.length;
    note(SECTION, 'errors inspected', allErrors.length);
    note(SECTION, 'logger calls inspected', logger.warn.callCount + logger.error.callCount + logger.info.callCount + logger.debug.callCount);
    note(SECTION, 'models inspected', models.length);
    note(SECTION, 'raw nonces checked against the table', nonces.length);
  });

  it('a hidden attribute of the test-only Workspace (apiSecret) stays out of toJSON, errors and logger calls while its Notes fail to be written and removed', async function () {
    const registry = frameworkRegistry();
    const notesTable = await createTableFrom(registry.tableDefinition('rel-secrets-fw'));
    const logger = spyLogger();
    const secret = `sk_live_${new Inputs(9, 'ws').hex(32)}`;
    const { config, client, injector } = injectedConfig(notesTable, { seed: 9, byCommand: { BatchWriteItem: { unprocessed: 1, throttle: 0.9 } }, maxAttempts: 2, sdkMaxAttempts: 1, logger });
    clients.push(client);
    const da = registry.createDataAccess(config);
    const workspace = await da.Workspace.create({ organizationId: new Inputs(9, 'org').uuid(), slug: 'secret', name: 'Secret', apiSecret: secret });
    const result = await da.Note.createMany(Array.from({ length: 40 }, (_, i) => ({ workspaceId: workspace.getId(), body: `note ${i}` })));
    expect(result.failed.length).to.be.greaterThan(0);
    const removal = await workspace.remove().catch((e: unknown) => e);
    const errors = [...result.failed.map((entry) => entry.error), removal].filter((e) => e !== undefined);
    expect(logger.warn.called).to.equal(true);
    expect(JSON.stringify(workspace.toJSON())).to.not.include(secret);
    for (const error of errors) expect(leaked(error, [secret])).to.deep.equal([]);
    for (const args of loggedArguments(logger)) expect(leaked(args, [secret])).to.deep.equal([]);
    recordFaults(SECTION, injector);
    figure(SECTION).cases += 1;
    figure(SECTION).checked += errors.length + logger.warn.callCount;
  });

  it('OAuthTokenState under faults (20 seeds): plaintext tokens appear in no toJSON, no error, no logger call and nowhere in the table', async function () {
    const logger = spyLogger();
    const tokens: string[] = [];
    const errors: unknown[] = [];
    const models: unknown[] = [];
    await Promise.all(
      SEEDS.map(async (seed) => {
        const inputs = new Inputs(seed, 'tokens');
        const connection = await clean.da.TaskManagementConnection.create(inputs.connection());
        const { da, client, injector } = injectedDataAccess(tableName, {
          seed,
          rates: { throttle: 0.2, network: 0.15, lostResponse: 0.15 },
          maxAttempts: 2,
          sdkMaxAttempts: 2,
          logger,
          encryption: testKeyring(),
        });
        clients.push(client);
        const next = () => {
          const pair = { accessToken: `at-${inputs.hex(40)}`, refreshToken: `rt-${inputs.hex(40)}` };
          tokens.push(pair.accessToken, pair.refreshToken);
          return pair;
        };
        const attempt = async (op: () => Promise<unknown>) => {
          try {
            return await op();
          } catch (error) {
            errors.push(error);
            return undefined;
          }
        };
        await attempt(() => da.OAuthTokenState.put(connection.getId(), next()));
        for (let version = 1; version <= 3; version += 1) await attempt(() => da.OAuthTokenState.rotate(connection.getId(), version, next()));
        await attempt(() => da.OAuthTokenState.get(connection.getId()));
        const wrong = `${next().accessToken}${'z'.repeat(9000)}`;
        tokens.push(wrong);
        errors.push(await da.OAuthTokenState.rotate(connection.getId(), 1, { accessToken: wrong, refreshToken: 'r' }).catch((e: unknown) => e));
        const stateId = (await clean.da.OAuthTokenState.page({ taskManagementConnectionId: connection.getId() })).items[0]?.getId();
        if (stateId) models.push(await clean.da.OAuthTokenState.findById(stateId));
        recordFaults(SECTION, injector);
      }),
    );
    const allErrors = errors.filter((e) => e !== undefined);
    expect(allErrors.some((e) => e instanceof ValidationError)).to.equal(true);
    expect(models.length).to.be.greaterThan(10);
    for (const model of models) expect(leaked((model as { toJSON(): object }).toJSON(), tokens)).to.deep.equal([]);
    for (const error of allErrors) expect(leaked(error, tokens), `a ${(error as Error).name}`).to.deep.equal([]);
    for (const args of loggedArguments(logger)) expect(leaked(args, tokens)).to.deep.equal([]);
    const table = JSON.stringify(await scan(clean.client, tableName));
    expect(tokens.filter((token) => table.includes(token)), 'plaintext tokens in the table').to.deep.equal([]);
    figure(SECTION).cases += SEEDS.length * 6;
    figure(SECTION).checked += models.length + allErrors.length;
    note(SECTION, 'plaintext tokens checked against the table', tokens.length);
  });

  it('a model passed to console.log / util.inspect (how console-based loggers print objects) never shows its hidden attributes (codeVerifier)', async function () {
    const input = new Inputs(5, 'inspect').nonce();
    const { nonce } = await clean.da.OAuthNonce.issue(input);
    const model = await clean.da.OAuthNonce.consume(nonce);
    expect(model).to.not.equal(null);
    expect(inspect(model, { depth: 4 }), 'util.inspect(model)').to.not.include(input.codeVerifier);
  });
});
