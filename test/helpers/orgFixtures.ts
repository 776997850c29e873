import type { Types } from 'mongoose';
import type { Role } from '../../contract/roles.js';
import type { TestServer } from './testServer.js';
import { TestClient } from './http.js';
import { buildCouncil, buildMembership, buildUnit, buildUser, TEST_PASSWORD } from './factories.js';

/** Test-only: a signed-in client holding `role` in the council. */
export async function signedInMember(server: TestServer, councilId: Types.ObjectId, role: Role) {
  const user = await buildUser(server.deps);
  await buildMembership(server.deps, user._id, councilId, role);
  const client = new TestClient(server.url);
  await client.signIn(user.login, TEST_PASSWORD);
  return { user, client };
}

/** Test-only: a province with its council and a signed-in admin of that council. */
export async function provinceWithAdmin(server: TestServer, name = 'Tỉnh Thử Nghiệm') {
  const province = await buildUnit(server.deps, { name });
  const council = await buildCouncil(server.deps, { unitId: province._id });
  const { user: admin, client } = await signedInMember(server, council._id, 'admin');
  return { province, council, admin, client };
}
