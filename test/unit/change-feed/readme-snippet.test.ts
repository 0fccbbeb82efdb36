/**
 * The README's change-feed handler (examples/readme-snippets.ts, region readme:change-feed) run on
 * the history recorded from DynamoDB Local's stream, wrapped as a Lambda event.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { changeFeed } from '../../../examples/readme-snippets.js';

const RECORDS = JSON.parse(readFileSync(new URL('../../fixtures/stream-records/dynamodb-local-history.json', import.meta.url), 'utf8')) as unknown[];

describe('change-feed: the README handler on a recorded history', function () {
  it('notifies the ticket status moves and the connection status updates, skipping guards and removals', async function () {
    const messages: string[] = [];
    await changeFeed({ Records: RECORDS }, (message) => {
      messages.push(message);
      return Promise.resolve();
    });
    expect(messages.map((message) => message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>'))).to.deep.equal([
      'ticket <id>: null → To Do',
      'ticket <id>: To Do → Done',
      'connection <id> is requires_reauth',
    ]);
  });
});
