import { describe, it, expect } from 'vitest';
import { badRefusal, leakIn, unauthorisedSuccess } from './verdict.js';
import { internalErrorBody } from '../../server/src/platform/errors.js';

/** The fuzz suite's judges must themselves catch what they guard against, or the suite could not fail. */
describe('the fuzz suite\'s verdicts', () => {
  it('a stack trace, a source path or an error class name is a leak; a plain refusal is not', () => {
    const err = new TypeError('Cannot read properties of undefined (reading \'x\')');
    expect(leakIn(JSON.stringify({ message: err.stack }))).not.toBeNull();
    expect(leakIn('failed at /work/main/server/src/sitting/store.ts:42:7')).not.toBeNull();
    expect(leakIn('{"message":"MongoServerError: E11000 duplicate key"}')).not.toBeNull();
    expect(leakIn('{"message":"CastError: Cast to ObjectId failed"}')).not.toBeNull();
    expect(leakIn(JSON.stringify({ ok: false, error: 'validation_failed', message: 'Dữ liệu gửi lên không hợp lệ. / The request is not valid.', issues: [{ path: 'page', message: 'Too small: expected number to be >=1' }] }))).toBeNull();
  });

  it('a refusal needs the one error shape with a known code other than internal_error, and a message', () => {
    expect(badRefusal({ ok: false, error: 'forbidden', message: 'Bạn không có quyền.' })).toBeNull();
    expect(badRefusal(internalErrorBody)).toBe('internal_error');
    expect(badRefusal(null)).not.toBeNull();
    expect(badRefusal('Method Not Allowed')).not.toBeNull();
    expect(badRefusal({ ok: false, error: 'teapot', message: 'x' })).not.toBeNull();
    expect(badRefusal({ ok: false, error: 'forbidden', message: ' ' })).not.toBeNull();
    expect(badRefusal({ error: 'forbidden', message: 'x' })).not.toBeNull();
  });

  it('a success is unauthorised for anonymous on a signed-in route, for a role not listed, and across councils', () => {
    expect(unauthorisedSuccess(['chair'], 'anonymous', false)).not.toBeNull();
    expect(unauthorisedSuccess('anyone', 'anonymous', false, false)).toBeNull();
    expect(unauthorisedSuccess(['chair'], 'delegate', false)).not.toBeNull();
    expect(unauthorisedSuccess(['chair'], 'chair', false)).toBeNull();
    expect(unauthorisedSuccess(['chair'], 'otherChair', false)).toBeNull();
    expect(unauthorisedSuccess(['chair'], 'otherChair', true)).not.toBeNull();
    expect(unauthorisedSuccess('anyone', 'otherChair', true)).toBeNull();
  });
});
