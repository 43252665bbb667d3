// `malformed` fault: the handler runs, then the answer is replaced by a 200 whose JSON is cut off
// mid-object (a corrupted proxy answer); the client must not treat it as success.

import { JSON_CONTENT_TYPE, type Reply } from '../http-util';

export function malformedReply(_original: Reply): Reply {
  return { status: 200, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: '{"data":[{"id":"4876876000110000001","Last_Name":"Tru' };
}
