// The artist authorizer Lambda: the entry lives in @copper/auth so the same verifier checks
// Auth0 tokens in the cloud and the local issuer's tokens under `pnpm dev`.
export { handler } from '@copper/auth/handler';
