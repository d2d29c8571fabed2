import { resolve } from '$app/paths';

/** A path inside the app, with the configured base path (a stage without a custom domain) in front. */
export function href(path: string): string {
  // `resolve` types its argument as the app's known routes; gallery links are built from API slugs.
  return (resolve as (pathname: string) => string)(path);
}
