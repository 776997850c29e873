import { describe, it, expect } from 'vitest';
import type { AccessLevel } from '../../../contract/document.js';
import type { Role } from '../../../contract/roles.js';
import { canRead } from './access.js';

const ME = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const SOMEONE_ELSE = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const listed = { allowedUserIds: [ME] };
const notListed = { allowedUserIds: [SOMEONE_ELSE] };

type Case = 'public' | 'council' | 'named, listed' | 'named, not listed' | 'confidential, listed' | 'confidential, not listed';
const CASES: Array<[Case, AccessLevel, { allowedUserIds: string[] }]> = [
  ['public', 'public', notListed],
  ['council', 'council', notListed],
  ['named, listed', 'named', listed],
  ['named, not listed', 'named', notListed],
  ['confidential, listed', 'confidential', listed],
  ['confidential, not listed', 'confidential', notListed],
];

/** Each role (and a user with no role in the council) × each level: may they read? */
const EXPECTED: Record<Role | 'non-member', Record<Case, boolean>> = {
  secretariat: { public: true, council: true, 'named, listed': true, 'named, not listed': true, 'confidential, listed': true, 'confidential, not listed': true },
  chair: { public: true, council: true, 'named, listed': true, 'named, not listed': true, 'confidential, listed': true, 'confidential, not listed': true },
  admin: { public: true, council: true, 'named, listed': true, 'named, not listed': false, 'confidential, listed': true, 'confidential, not listed': false },
  delegate: { public: true, council: true, 'named, listed': true, 'named, not listed': false, 'confidential, listed': true, 'confidential, not listed': false },
  meeting_point_operator: { public: true, council: true, 'named, listed': true, 'named, not listed': false, 'confidential, listed': true, 'confidential, not listed': false },
  observer: { public: true, council: false, 'named, listed': true, 'named, not listed': false, 'confidential, listed': true, 'confidential, not listed': false },
  'non-member': { public: false, council: false, 'named, listed': false, 'named, not listed': false, 'confidential, listed': false, 'confidential, not listed': false },
};

describe('canRead(level, roles, userId, doc)', () => {
  const rows = Object.entries(EXPECTED).flatMap(([role, byCase]) =>
    CASES.map(([name, level, doc]) => [role, name, level, doc, byCase[name]] as const));

  it.each(rows)('%s reading a %s document: %s', (role, _name, level, doc, expected) => {
    const roles: Role[] = role === 'non-member' ? [] : [role as Role];
    expect(canRead(level, roles, ME, doc)).toBe(expected);
  });

  it('an observer who is also a delegate reads council documents (any role that may, suffices)', () => {
    expect(canRead('council', ['observer', 'delegate'], ME, notListed)).toBe(true);
  });

  it('compares named readers as ids, whether stored as strings or ObjectId-like values', () => {
    expect(canRead('named', ['delegate'], ME, { allowedUserIds: [{ toString: () => ME }] })).toBe(true);
  });
});
