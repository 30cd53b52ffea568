/**
 * Zoho's data centres (official Node SDK 8.0, `lib/routes/dc`). The connector never picks a host
 * from this table: it uses the configured accounts server and the token's `api_domain`. The table
 * only names the data centres in the error that explains a mismatch.
 */
const DATA_CENTRES = [
  { dc: 'US', accounts: 'accounts.zoho.com', api: 'zohoapis.com' },
  { dc: 'EU', accounts: 'accounts.zoho.eu', api: 'zohoapis.eu' },
  { dc: 'IN', accounts: 'accounts.zoho.in', api: 'zohoapis.in' },
  { dc: 'AU', accounts: 'accounts.zoho.com.au', api: 'zohoapis.com.au' },
  { dc: 'CN', accounts: 'accounts.zoho.com.cn', api: 'zohoapis.com.cn' },
  { dc: 'JP', accounts: 'accounts.zoho.jp', api: 'zohoapis.jp' },
  { dc: 'CA', accounts: 'accounts.zohocloud.ca', api: 'zohoapis.ca' },
  { dc: 'SA', accounts: 'accounts.zoho.sa', api: 'zohoapis.sa' },
] as const;

/** `US`, `EU`, … for a Zoho accounts or API host (sandbox and developer hosts included), else undefined. */
export function dataCentreOf(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const match = DATA_CENTRES.find((d) => host === d.accounts || host.endsWith(`.${d.api}`) || host === d.api);
  return match?.dc;
}

/** The accounts servers, for the hint that tells an operator what to put in ZOHO_ACCOUNTS_URL. */
export function accountsServers(): string {
  return DATA_CENTRES.map((d) => `${d.dc} https://${d.accounts}`).join(', ');
}
