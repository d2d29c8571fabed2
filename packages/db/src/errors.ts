export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError';
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}
