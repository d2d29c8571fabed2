// Visitors ask about a print (public POST); the artist reads the questions (GET, behind the authorizer).
import { httpRoute } from '@copper/http';
import { parseJsonBody, parseQuery } from '@copper/http/request';
import { routeTable } from '@copper/http/routes';
import { mapped } from '../http/problems.ts';
import { InquiryCreate, PageQuery } from '../http/schemas.ts';
import { stack, useInquiries } from '../runtime.ts';

export const handler = httpRoute(
  stack,
  routeTable({
    'POST /v1/inquiries': (event) =>
      mapped(async () => {
        const input = parseJsonBody(event, InquiryCreate, 16 * 1024);
        await (await useInquiries()).submit(input);
        // The same answer whether or not a honeypot caught it, so a bot learns nothing.
        return { statusCode: 202, headers: { 'cache-control': 'no-store' }, body: { status: 'received' } };
      }),

    'GET /v1/inquiries': (event) =>
      mapped(async () => {
        const page = await (await useInquiries()).page(parseQuery(event, PageQuery));
        return {
          statusCode: 200,
          headers: { 'cache-control': 'no-store' },
          body: {
            items: page.items.map((row) => ({
              id: row.id,
              name: row.name,
              email: row.email,
              message: row.message,
              createdAt: row.createdAt.toISOString(),
              artwork: row.artworkId ? { id: row.artworkId, slug: row.artworkSlug, title: row.artworkTitle } : null,
              impressionId: row.impressionId,
            })),
            nextCursor: page.nextCursor,
          },
        };
      }),
  }),
);
