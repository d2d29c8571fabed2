import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type * as z from 'zod';

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
 * non-zero FailedEntryCount is turned into an error the caller's retry policy sees.
 */
export function createEventPublisher(options: EventPublisherOptions) {
  const client =
    options.client ??
    new EventBridgeClient({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  return {
    async publish<T extends z.ZodType>(source: string, detailType: string, schema: T, detail: z.input<T>) {
      const parsed = schema.parse(detail);
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
