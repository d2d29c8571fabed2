import { timingSafeEqual } from 'node:crypto';

/** True when no secret is configured, or the header carries exactly it (compared in constant time). */
export function originVerified(secret: string | undefined, header: string | null): boolean {
  if (!secret) return true;
  if (header === null) return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
