/** The credentials and ids the local API uses when it is not told otherwise. Not for production. */
export const DEFAULT_CLIENT_ID = "5d0b8c2e-7f3a-4c1d-9e6b-2a4f8d1c3e70";
export const DEFAULT_CLIENT_SECRET = "local-api-client-secret-not-for-production";
export const DEFAULT_ENVIRONMENT_ID = "0f7e3c4a-9b2d-4e1f-8a6c-5d3b2e1f4a90";
export const DEFAULT_SCIM_BASIC_USER = "scim-admin";
export const DEFAULT_SCIM_BASIC_PASSWORD = "scim-local-password";
export const DEFAULT_SCIM_BEARER_TOKEN = "scim-local-bearer-token";
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
