<combinedDecisions><decisionGroup id="&#x110000;"><decision id="d"/></decisionGroup></combinedDecisions>
