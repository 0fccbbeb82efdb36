/** The simulated network round trip of the bench's clients (`--rtt`, and the rows measured at a fixed round trip). */
import { setTimeout as delay } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Delays every request `client` sends (every attempt, inside the SDK's retry loop) by `rttMs`; nothing for 0. */
export function addSimulatedRoundTrip(client: DynamoDBClient, rttMs: number): void {
  if (rttMs <= 0) return;
  client.middlewareStack.add(
    (next) => async (args) => {
      await delay(rttMs);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchSimulatedRoundTrip' },
  );
}
