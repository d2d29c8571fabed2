import { pgSchema } from 'drizzle-orm/pg-core';

// Each service owns its tables, kept in a PostgreSQL schema of its own so that
// ownership is visible in the database and no service reads another's rows.
export const contentSchema = pgSchema('content');
export const searchSchema = pgSchema('search');
export const imagingSchema = pgSchema('imaging');
