import { CrmAuthError, CrmError, CrmRateLimitError } from '../errors.js';
import { httpJson } from '../shared/http.js';
import type { Token } from '../shared/token-cache.js';
import type { ZohoConfig } from './config.js';
import { accountsServers, dataCentreOf } from './data-centres.js';
import { tokenErrorSchema, tokenResponseSchema } from './responses.js';

/** What a refresh yields: the token and the data centre's API host it is valid on. */
export interface ZohoSession {
  accessToken: string;
  apiDomain: string;
}

/** Zoho's refresh throttle blocks a refresh token for the rest of a 10-minute window. */
const THROTTLE_WAIT_MS = 10 * 60_000;

/** Seconds, as documented; a value above a day can only be the old milliseconds field. */
function lifeMs(body: { expires_in?: number | undefined; expires_in_sec?: number | undefined }): number {
  const value = body.expires_in_sec ?? body.expires_in ?? 3600;
  return body.expires_in_sec === undefined && value > 86_400 ? value : value * 1000;
}

/**
 * The refresh grant, parameters in the query as Zoho's examples send them. `previousDomain`
 * keeps the API host if a response ever omits `api_domain` (integrators who dropped it on refresh
 * fell back to www.zohoapis.com and broke every non-US org).
 */
export async function refreshSession(config: ZohoConfig, previousDomain?: string): Promise<Token<ZohoSession>> {
  const url = new URL(`${config.accountsUrl}/oauth/v2/token`);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    client_secret: config.clientSecret,
    grant_type: 'refresh_token',
    refresh_token: config.refreshToken,
  }).toString();
  const res = await httpJson(url.toString(), { method: 'POST' });
  const what = `Zoho token refresh at ${config.accountsUrl}`;
  if (res.status >= 500) throw new CrmError(`${what}: server error ${res.status}`, true);
  const ok = tokenResponseSchema.safeParse(res.json);
  if (ok.success && res.status < 400) {
    const apiDomain = (ok.data.api_domain ?? previousDomain)?.replace(/\/+$/, '');
    if (!apiDomain) throw new CrmAuthError(`${what}: the response names no api_domain, so there is no host to call`);
    return { value: { accessToken: ok.data.access_token, apiDomain }, expiresInMs: lifeMs(ok.data) };
  }
  const refused = tokenErrorSchema.safeParse(res.json);
  if (!refused.success) throw new CrmError(`${what}: unexpected answer ${res.status}: ${res.text.slice(0, 200)}`, false);
  const { error, error_description: description } = refused.data;
  if (/too many requests/i.test(description ?? '')) {
    throw new CrmRateLimitError(`${what}: ${error}: ${description} (at most 10 refreshes per refresh token in 10 minutes; is another process sharing ZOHO_REFRESH_TOKEN?)`, THROTTLE_WAIT_MS);
  }
  throw new CrmAuthError(`${what}: ${error}${description ? `: ${description}` : ''}. ${refusalHint(error)}`);
}

function refusalHint(error: string): string {
  if (error === 'invalid_code') {
    return `The refresh token is wrong, revoked, or was issued by another data centre's accounts server: check ZOHO_REFRESH_TOKEN and set ZOHO_ACCOUNTS_URL to the server it came from (${accountsServers()}).`;
  }
  if (error.startsWith('invalid_client')) {
    return 'Check ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET, and that the client is enabled for this data centre (API console → Settings → Multi-DC).';
  }
  return 'A person has to re-authorize the client and update the ZOHO_* settings.';
}

/**
 * Why a freshly refreshed token is still refused: almost always a data-centre mismatch, which
 * Zoho reports as a bare INVALID_TOKEN rather than "wrong region".
 */
export function wrongDataCentreMessage(config: ZohoConfig, apiDomain: string): string {
  const tokenDc = dataCentreOf(config.accountsUrl);
  const apiDc = dataCentreOf(apiDomain);
  const where = tokenDc && apiDc && tokenDc !== apiDc ? ` (the token is from the ${tokenDc} data centre, the API host is ${apiDc})` : '';
  return (
    `Zoho refused a freshly refreshed access token at ${apiDomain} with INVALID_TOKEN${where}. ` +
    `The token came from ZOHO_ACCOUNTS_URL=${config.accountsUrl}; the refresh token, that accounts server and the api_domain ` +
    `must all belong to the data centre of the Zoho account (${accountsServers()}). ` +
    'Check ZOHO_ACCOUNTS_URL, that the client is enabled for that data centre, and that the grant was not revoked.'
  );
}
