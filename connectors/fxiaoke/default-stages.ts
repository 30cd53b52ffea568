import type { StageMapConfig } from '../shared/stage-map.js';

/**
 * Empty on purpose. Fxiaoke stage option values (`options[].value` of
 * `NewOpportunityObj.sales_stage`) are defined per tenant, and often per sales process, so any
 * default would be a guess, and a guessed stage is worse than a rejected one. The connection's
 * journeys/connectors/fxiaoke.yaml supplies the map; `leadflow connectors check` lists the
 * tenant's values with their labels and prints an `inbound:` block to start from.
 *
 * An example for a tenant whose 商机2.0 stages carry values "1".."7":
 *
 * ```yaml
 * inbound:
 *   "1": contacted     # 验证客户
 *   "2": qualified     # 需求确定
 *   "3": quoted        # 方案/报价
 *   "4": negotiating   # 谈判审核
 *   "5": won           # 赢单
 *   "6": lost          # 输单
 *   "7": lost          # 无效
 * outbound:
 *   lost: "6"          # of the two values for lost, write 输单
 * ```
 */
export const FXIAOKE_DEFAULT_STAGES: StageMapConfig = { inbound: {}, outbound: {} };
