// What the database does for a search: the statements store.search sends, recorded as it sends
// them, then run again under EXPLAIN (ANALYZE, BUFFERS) with the same settings (the store forbids
// sequential scans inside its transaction when there are words). For `BENCH_SEARCH_EXPLAIN`.
import type { Database } from '@copper/db/client';
import type postgres from 'postgres';
import { createSearchStore } from '../../services/search/src/adapters/search-store.ts';
import type { EngineQuery } from '../../services/search/src/domain/ports.ts';

interface Dialect {
  sqlToQuery(query: unknown): { sql: string; params: unknown[] };
}

/** `db` whose `execute` calls (also inside transactions) are recorded. */
function recording(db: Database, log: unknown[]): Database {
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (property === 'execute' && typeof value === 'function') {
          return (query: unknown) => {
            log.push(query);
            return value.call(object, query);
          };
        }
        if (property === 'transaction' && typeof value === 'function') {
          return (work: (tx: object) => unknown, config?: unknown) =>
            value.call(object, (tx: object) => work(wrap(tx)), config);
        }
        return value;
      },
    });
  return wrap(db);
}

/** The plans of the statements one `store.search(query)` runs, after running it once as is. */
export async function explainSearch(db: Database, naive: postgres.Sql, query: EngineQuery): Promise<string> {
  const log: unknown[] = [];
  await createSearchStore(recording(db, log)).search(query);
  const dialect = (db as unknown as { dialect: Dialect }).dialect;
  const statements = log
    .map((statement) =>
      typeof statement === 'string' ? { sql: statement, params: [] } : dialect.sqlToQuery(statement),
    )
    .filter((statement) => !/set_config\('enable_seqscan'/.test(statement.sql));
  const out: string[] = [];
  for (const statement of statements) {
    const plan = await naive.begin(async (tx) => {
      await tx`select set_config('enable_seqscan', 'off', true)`;
      return tx.unsafe(
        `explain (analyze, buffers) ${statement.sql}`,
        statement.params as postgres.ParameterOrJSON<never>[],
      );
    });
    out.push(`-- ${statement.sql.replace(/\s+/g, ' ').slice(0, 160)}…`);
    out.push(...plan.map((row) => String((row as Record<string, unknown>)['QUERY PLAN'])));
    out.push('');
  }
  return out.join('\n');
}
