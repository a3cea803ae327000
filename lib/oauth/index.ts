/** The OAuth engine: pure TypeScript, with the HTTP client and the clock passed in. */

export { buildAuthorizeUrl, readScopes, withStateParameter, type AuthorizeUrlOptions } from "./authorize-url";
export { checkOAuthConfig, type ConfigIssue } from "./check-config";
export {
  buildCredentialProbe,
  classifyCredentialProbe,
  credentialTemplateNames,
  PROBE_AUTH_CODE,
  type CredentialProbeOutcome,
} from "./credential-probe";
export { BUILT_IN_NAMES, type BuiltInName, type ClientAuthentication, type OAuthConfig, type RequestFormat } from "./config";
export {
  checkJsonPath,
  extractValue,
  queryStringToObject,
  type ExtractError,
  type ExtractResult,
  type JsonPathCheck,
} from "./extract";
export {
  checkIssuerIdentifier,
  DISCOVERY_SETTINGS,
  discoveryUrls,
  suggestConfigFromMetadata,
  type DiscoveredConfig,
  type DiscoveryResult,
} from "./discovery";
export { decodeForm, encodeForm } from "./form-encoding";
export { checkCallbackIssuer, type IssuerCheck, type IssuerConfig } from "./issuer";
export type { HttpRequest, HttpResponse, HttpSend } from "./http-send";
export { hasHeader, readHeader } from "./http-send";
export {
  checkJsonTemplate,
  renderFormFields,
  renderJsonTemplate,
  type JsonTemplateFormat,
  type RenderedJson,
} from "./json-template";
export { computeCodeChallenge, createCodeVerifier } from "./pkce";
export {
  backoffDelay,
  classifyFailure,
  DEFAULT_REFRESH_MARGIN_MS,
  isExpiringSoon,
  mergeRefreshedTokens,
  parseRetryAfter,
  refreshMarginFor,
  type BackoffOptions,
  type FailureClass,
} from "./refresh-rules";
export { requestTokens, type RequestTokensOptions } from "./request-tokens";
export {
  buildRevocationRequest,
  classifyRevocation,
  defaultRevokeBody,
  REVOCATION_NAMES,
  type RevocationConfig,
  type RevocationOutcome,
  type TokensToRevoke,
} from "./revocation";
export { createState, hashState } from "./state";
export {
  checkTemplateNames,
  listTemplateNames,
  renderHeaderTemplate,
  renderHttpUrlTemplate,
  renderTextTemplate,
  renderUrlTemplate,
  TemplateError,
  usesTemplateName,
  validateTemplateSyntax,
  type TemplateErrorCode,
  type TemplateIssue,
  type TemplateValue,
  type TemplateValues,
} from "./template";
export {
  buildCodeExchangeRequest,
  buildRefreshRequest,
  defaultRefreshBody,
  sendTokenRequest,
  type SendResult,
  type TokenRequest,
  type TokenRequestConfig,
} from "./token-request";
export { assumesBearer, checkTokenType, isExpiredTokenResponse, readGrantedScopes, type ExpiredTokenSignals } from "./token-signals";
export {
  DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
  MAX_EXPIRES_IN_SECONDS,
  parseTokenResponse,
  type ParseTokenResponseOptions,
  type TokenFailure,
  type TokenFailureKind,
  type TokenPaths,
  type TokenResult,
  type TokenSet,
} from "./token-response";
