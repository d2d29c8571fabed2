// The artist authorizer for the job routes: the same verifier as content's, from @copper/auth.
export { handler } from '@copper/auth/handler';
