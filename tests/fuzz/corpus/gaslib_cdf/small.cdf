<?xml version="1.0" encoding="UTF-8"?>
<combinedDecisions xmlns="http://gaslib.zib.de/CombinedDecisions">
  <decisionGroup id="g1">
    <decision id="d1">
      <valve id="v1" value="1" flowDirection="0"/>
      <controlValve id="cv1" value="1" mode="bypass"/>
      <compressorStation id="cs1" value="0"/>
    </decision>
  </decisionGroup>
</combinedDecisions>
