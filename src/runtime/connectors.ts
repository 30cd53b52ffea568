import { genericConfigFromEnv } from '../../connectors/generic/config.js';
import { genericConnector } from '../../connectors/generic/index.js';
import { fxiaokeConfigFromEnv, fxiaokeConnector } from '../../connectors/fxiaoke/index.js';
import { hubspotConfigFromEnv, hubspotConnector } from '../../connectors/hubspot/index.js';
import { zohoConfigFromEnv, zohoConnector } from '../../connectors/zoho/index.js';
import type { ConfiguredConnector, Connectors } from '../crm/configured.js';
import type { Env } from '../env.js';
import { connectorStageFiles } from '../journeys/connector-stages.js';
import { JourneyErrors } from '../journeys/journey-error.js';
import { ConfigError } from '../config.js';
import type { StageMapConfig } from '../../connectors/shared/stage-map.js';

/**
 * The connectors whose variables are set, each with its connection's stage map from
 * journeys/connectors/<name>.yaml. A connector without its variables is off (404 on its webhook).
 */
export async function loadConnectors(env: Env, journeysDir: string): Promise<Connectors> {
  const { maps, errors } = await connectorStageFiles(journeysDir);
  if (errors.length) throw new JourneyErrors(errors);
  try {
    return configured(env, maps);
  } catch (err) {
    // A connector's variables are configuration: the message names the variable; exit code 2.
    throw new ConfigError((err as Error).message);
  }
}

function configured(env: Env, maps: Record<string, Partial<StageMapConfig>>): Connectors {
  const connectors = new Map<string, ConfiguredConnector>();
  const generic = genericConfigFromEnv(env);
  if (generic) connectors.set('generic', genericConnector(generic, { stages: maps.generic }));
  const zoho = zohoConfigFromEnv(env);
  if (zoho) connectors.set('zoho', zohoConnector(zoho, { stages: maps.zoho }));
  const fxiaoke = fxiaokeConfigFromEnv(env);
  if (fxiaoke) connectors.set('fxiaoke', fxiaokeConnector(fxiaoke, { stages: maps.fxiaoke }));
  const hubspot = hubspotConfigFromEnv(env);
  if (hubspot) connectors.set('hubspot', hubspotConnector(hubspot, { stages: maps.hubspot }));
  return connectors;
}
