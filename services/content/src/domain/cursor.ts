// Cursors are shared by every service's list routes; see @copper/http/cursor.
export { decodeCursor, encodeCursor } from '@copper/http/cursor';
