<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by corridor from GasLib data.                                           -->
<!-- GasLib is licensed under the Creative Commons Attribution 3.0 Unported License   -->
<!-- (CC BY 3.0, http://creativecommons.org/licenses/by/3.0/). Please cite:           -->
<!-- Schmidt et al., "GasLib - A Library of Gas Network Instances", Data 2(4):40,     -->
<!-- 2017; and, as the original files ask, Pfetsch et al. (2012) "Validation of       -->
<!-- Nominations in Gas Network Optimization: Models, Methods, and Solutions",        -->
<!-- ZIB-Report 12-41.                                                                -->
<combinedDecisions xmlns="http://gaslib.zib.de/CombinedDecisions"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="http://gaslib.zib.de/CombinedDecisions http://gaslib.zib.de/schema/CombinedDecisions.xsd">
  <decisionGroup id="dG_1">
    <decision id="d_1">
      <valve id="V" value="1" flowDirection="1"/>
      <controlValve id="CV" value="1" mode="bypass"/>
      <compressorStation id="CS" value="0"/>
    </decision>
  </decisionGroup>
</combinedDecisions>
