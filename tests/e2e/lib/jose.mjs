// jose for the suites outside tests/e2e (tests/aws): resolved from tests/e2e/node_modules.
export { createRemoteJWKSet, jwtVerify } from 'jose';
