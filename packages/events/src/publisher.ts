import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type * as z from 'zod';

type EventBridgeSdk = typeof import('@aws-sdk/client-eventbridge');

export interface EventPublisherOptions {
  busName: string;
  /** Set under `pnpm dev` (the local EventBridge); unset in the cloud. */
  endpoint?: string | undefined;
  client?: EventBridgeClient;
}

export class EventPublishError extends Error {
  override name = 'EventPublishError';
}

/**
 * Puts one event at a time on the bus. PutEvents answers 200 even when it drops an entry, so a
 * non-zero FailedEntryCount is turned into an error the caller's retry policy sees. The SDK is
 * loaded on the first publish, so a function that holds a publisher but never publishes (a
 * visitor's read in a service that also writes) does not pay for it at cold start.
 */
export function createEventPublisher(options: EventPublisherOptions) {
  let sdk: Promise<{ client: EventBridgeClient; PutEventsCommand: EventBridgeSdk['PutEventsCommand'] }> | undefined;
  const connect = () => {
    sdk ??= import('@aws-sdk/client-eventbridge')
      .then(({ EventBridgeClient, PutEventsCommand }) => ({
        client:
          options.client ?? new EventBridgeClient({ ...(options.endpoint ? { endpoint: options.endpoint } : {}) }),
        PutEventsCommand,
      }))
      .catch((error: unknown) => {
        sdk = undefined;
        throw error;
      });
    return sdk;
  };
  return {
    async publish<T extends z.ZodType>(source: string, detailType: string, schema: T, detail: z.input<T>) {
      const parsed = schema.parse(detail);
      const { client, PutEventsCommand } = await connect();
      const answer = await client.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName: options.busName, Source: source, DetailType: detailType, Detail: JSON.stringify(parsed) },
          ],
        }),
      );
      if ((answer.FailedEntryCount ?? 0) > 0) {
        const entry = answer.Entries?.[0];
        throw new EventPublishError(`EventBridge refused ${detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
      }
    },
  };
}

export type EventPublisher = ReturnType<typeof createEventPublisher>;
