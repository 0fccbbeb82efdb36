// An endpoint with credentials in it (`http://admin:secret@host`) is shown without them: in
// progress lines and results, in the reachability hint and in usage errors about the URL.
import { expect } from 'chai';
import { freePort } from '../../src/cli/dynamo-local.js';
import { shownEndpoint } from '../../src/cli/endpoint.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const PASSWORD = 'S3cretPassw0rd';

function fakeIo(env: Record<string, string> = {}) {
  const stdout = { text: '', write: (chunk: string) => void (stdout.text += chunk) };
  const stderr = { text: '', write: (chunk: string) => void (stderr.text += chunk) };
  const io: CliIo = { stdout, stderr, env, listenForStop: () => ({ signal: new AbortController().signal, dispose: () => undefined }) };
  return { io, stdout, stderr };
}

describe('cli: endpoints are shown without their user-info', function () {
  it('leaves the user name and password out, the rest as given', function () {
    expect(shownEndpoint(`http://admin:${PASSWORD}@127.0.0.1:8000`)).to.equal('http://127.0.0.1:8000');
    expect(shownEndpoint(`https://admin:${PASSWORD}@ddb.example.com/base?x=1`)).to.equal('https://ddb.example.com/base?x=1');
    expect(shownEndpoint('http://admin@localhost:8000')).to.equal('http://localhost:8000');
    // The last '@' of the authority ends the user-info (a password may hold an '@' of its own).
    expect(shownEndpoint(`http://admin:p@ss@host:1/path`)).to.equal('http://host:1/path');
    // URL parsers accept a special scheme without slashes or with backslashes.
    expect(shownEndpoint(`http:admin:${PASSWORD}@host`)).to.equal('http:host');
    expect(shownEndpoint(`http:\\\\admin:${PASSWORD}@host`)).to.equal('http:\\\\host');
    expect(shownEndpoint(`ftp://admin:${PASSWORD}@host`)).to.equal('ftp://host');
  });

  it('leaves an endpoint without user-info as it is, an "@" of its path included', function () {
    expect(shownEndpoint('http://127.0.0.1:8000')).to.equal('http://127.0.0.1:8000');
    expect(shownEndpoint('http://host/a@b')).to.equal('http://host/a@b');
    expect(shownEndpoint('not a url')).to.equal('not a url');
  });

  it('leaves out everything up to the last "@" of a string that is not a URL (no parser can tell where its password ends)', function () {
    expect(shownEndpoint(`http://admin:${PASSWORD.slice(0, 4)}/${PASSWORD.slice(4)}@host`)).to.equal('http://host');
    expect(shownEndpoint(`http://admin:${PASSWORD}@host:99999`)).to.equal('http://host:99999');
  });

  it('in the progress line and the hint of a command whose endpoint refuses the connection', async function () {
    this.timeout(20_000);
    const port = await freePort();
    for (const [argv, env] of [
      [['table', 'sync', '--dry-run', '--table', 'abc', '--endpoint', `http://admin:${PASSWORD}@127.0.0.1:${port}`], {}],
      [['migrate', 'run', '--table', 'abc'], { AWS_ENDPOINT_URL_DYNAMODB: `http://admin:${PASSWORD}@127.0.0.1:${port}` }],
    ] as const) {
      const { io, stdout, stderr } = fakeIo(env);
      expect(await main(argv, io)).to.equal(1);
      expect(stderr.text).to.match(new RegExp(` on http://127\\.0\\.0\\.1:${port}…\n`));
      expect(stderr.text).to.include(`hint: is DynamoDB reachable at http://127.0.0.1:${port}?`);
      expect(`${stdout.text}${stderr.text}`).to.not.include(PASSWORD).and.not.include('admin');
    }
  });

  it('in usage errors about the URL', async function () {
    for (const endpoint of [`ftp://admin:${PASSWORD}@host`, `http://admin:${PASSWORD}@host:99999`, `http://admin:S3cret/Passw0rd@host`]) {
      const { io, stdout, stderr } = fakeIo();
      expect(await main(['table', 'sync', '--table', 'abc', '--endpoint', endpoint], io)).to.equal(2);
      expect(stderr.text).to.match(/^error: endpoint '(ftp|http):\/\/host(:99999)?' (must be an http:\/\/ or https:\/\/ URL|is not a URL)/);
      expect(`${stdout.text}${stderr.text}`).to.not.include('S3cret').and.not.include('admin');
    }
  });
});
