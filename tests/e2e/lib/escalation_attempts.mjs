// What a principal holding a single permission tries against each operation that changes a
// user or a role (the no-escalation part of authorization_matrix.test.mjs; docs/roles.md,
// "No escalation"). Keyed by "METHOD /path" as in /openapi.json; the matrix fails when such an
// operation has no entry, so a new one cannot be added without its escalation attempts.
//
// Each attempt: {what, escalates, id?, body?}. `escalates` attempts must answer 403
// (`/problems/forbidden`) whatever the principal holds; the others must succeed when the
// principal holds the operation's permission (403 otherwise). `id(f)` gives the path's {id},
// `body(f)` the JSON body; both may be async. `f` is the fixtures:
//   f.principal  {userId, permission, role}  the caller, holding only `role` = [permission]
//   f.NewUser(roles?)       a fresh user (made by an administrator), optionally with roles
//   f.NewRole(permissions)  a fresh role (made by an administrator)
//   f.adminRole, f.catalogue
import { randomBytes } from 'node:crypto';

import { UniqueEmail, UniquePassword } from './client.mjs';

const Self = (f) => f.principal.userId;
const AnAdministrator = async (f) => (await f.NewUser(['admin'])).id;
const APlainUser = async (f) => (await f.NewUser()).id;
// A role carrying a permission the principal lacks, besides its own.
const ARicherRole = async (f) => (await f.NewRole([f.principal.permission, 'audit.read'])).id;
// A role carrying nothing the principal lacks.
const ARoleWithin = async (f) => (await f.NewRole([f.principal.permission])).id;
const RoleName = () => `escalation-${randomBytes(5).toString('hex')}`;
const Account = (roles) => ({
  email: UniqueEmail('escalation'),
  password: UniquePassword(),
  displayName: 'Escalation Target',
  ...(roles ? { roles } : {}),
});

// The same two attempts for an operation that changes another user and takes no body.
const OnAUser = (verb) => [
  { what: `${verb} an administrator`, escalates: true, id: AnAdministrator },
  { what: `${verb} a plain user`, escalates: false, id: APlainUser },
];

export const kEscalationAttempts = {
  'POST /api/v1/users': [
    { what: 'create an administrator', escalates: true, body: () => Account(['admin']) },
    { what: 'create a plain user', escalates: false, body: () => Account() },
  ],
  'PATCH /api/v1/users/{id}': [
    { what: "move an administrator's e-mail address", escalates: true, id: AnAdministrator,
      body: () => ({ email: UniqueEmail('mallory') }) },
    { what: 'rename a plain user', escalates: false, id: APlainUser, body: () => ({ displayName: 'Renamed' }) },
  ],
  'DELETE /api/v1/users/{id}': OnAUser('delete'),
  'POST /api/v1/users/{id}/lock': OnAUser('lock'),
  'POST /api/v1/users/{id}/unlock': OnAUser('unlock'),
  'DELETE /api/v1/users/{id}/sessions': OnAUser("end the sessions of"),
  'DELETE /api/v1/users/{id}/mfa': OnAUser('reset the two-factor sign-in of'),
  // {keyId} stays unfilled: sessions.manage is needed first, and neither principal holds it.
  'DELETE /api/v1/users/{id}/api-keys/{keyId}': OnAUser('revoke an API key of'),
  'PUT /api/v1/users/{id}/roles': [
    { what: 'assign admin to itself', escalates: true, id: Self, body: () => ({ roles: ['admin'] }) },
    { what: 'add a richer role to itself', escalates: true, id: Self,
      body: async (f) => ({ roles: [f.principal.role.name, (await f.NewRole(['audit.read'])).name] }) },
    { what: 'assign admin to a plain user', escalates: true, id: APlainUser, body: () => ({ roles: ['admin'] }) },
    { what: 'demote an administrator', escalates: true, id: AnAdministrator, body: () => ({ roles: ['user'] }) },
    { what: 'give a plain user its own role', escalates: false, id: APlainUser,
      body: (f) => ({ roles: ['user', f.principal.role.name] }) },
    { what: 'add `user` to itself', escalates: false, id: Self,
      body: (f) => ({ roles: [f.principal.role.name, 'user'] }) },
  ],
  'POST /api/v1/roles': [
    { what: 'create a role with the whole catalogue', escalates: true,
      body: (f) => ({ name: RoleName(), permissions: f.catalogue }) },
    { what: 'create a role with a permission it lacks', escalates: true,
      body: () => ({ name: RoleName(), permissions: ['audit.read'] }) },
    { what: 'create a role with its own permission', escalates: false,
      body: (f) => ({ name: RoleName(), permissions: [f.principal.permission] }) },
  ],
  'PATCH /api/v1/roles/{id}': [
    { what: 'rename the admin role', escalates: true, id: (f) => f.adminRole.id, body: () => ({ name: RoleName() }) },
    { what: 'describe the admin role', escalates: true, id: (f) => f.adminRole.id, body: () => ({ description: 'Mine.' }) },
    { what: 'rename a richer role', escalates: true, id: ARicherRole, body: () => ({ name: RoleName() }) },
    { what: 'rename a role within its permissions', escalates: false, id: ARoleWithin, body: () => ({ name: RoleName() }) },
  ],
  'DELETE /api/v1/roles/{id}': [
    { what: 'delete the admin role', escalates: true, id: (f) => f.adminRole.id },
    { what: 'delete a richer role', escalates: true, id: ARicherRole },
    { what: 'delete a role within its permissions', escalates: false, id: ARoleWithin },
  ],
  'PUT /api/v1/roles/{id}/permissions': [
    { what: 'put the whole catalogue on its own role', escalates: true, id: (f) => f.principal.role.id,
      body: (f) => ({ permissions: f.catalogue }) },
    { what: 'set what the admin role holds', escalates: true, id: (f) => f.adminRole.id,
      body: (f) => ({ permissions: f.catalogue }) },
    { what: 'empty a richer role', escalates: true, id: ARicherRole, body: () => ({ permissions: [] }) },
    { what: 'empty a role within its permissions', escalates: false, id: ARoleWithin, body: () => ({ permissions: [] }) },
  ],
};
