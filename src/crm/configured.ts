import type { Connector } from '../../connectors/connector.js';
import type { StageMap } from '../../connectors/shared/stage-map.js';

/** A connector as leadflow runs it: its client, and its connection's stage map. */
export type ConfiguredConnector = Connector & { stages: StageMap };
export type Connectors = ReadonlyMap<string, ConfiguredConnector>;
