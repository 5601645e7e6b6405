export {
  AuthConfigError,
  authSettingFromEnv,
  DEFAULT_ALGORITHMS,
  type AuthSetting,
  type KeySource,
  type TokenAuthConfig,
} from './auth-config';
export { tokenCallGuard, type TokenCallGuard, type TokenCallGuardOptions } from './token-call-guard';
export { AuthFailure } from './token-verifier';
export { isLoopbackAddress, processAuthFromEnv, type ProcessAuth } from './process-auth';
export { serviceTokenFromEnv } from './service-token';
export { createTestTokenIssuer, type TestTokenClaims, type TestTokenIssuer } from './test-token-issuer';
