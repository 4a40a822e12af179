<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by corridor from GasLib data.                                           -->
<!-- GasLib is licensed under the Creative Commons Attribution 3.0 Unported License   -->
<!-- (CC BY 3.0, http://creativecommons.org/licenses/by/3.0/). Please cite:           -->
<!-- Schmidt et al., "GasLib - A Library of Gas Network Instances", Data 2(4):40,     -->
<!-- 2017; and, as the original files ask, Pfetsch et al. (2012) "Validation of       -->
<!-- Nominations in Gas Network Optimization: Models, Methods, and Solutions",        -->
<!-- ZIB-Report 12-41.                                                                -->
<compressorStations xmlns="http://gaslib.zib.de/CompressorStations"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://gaslib.zib.de/CompressorStations http://gaslib.zib.de/schema/CompressorStations.xsd">
  <compressorStation id="CS">
    <compressors>
      <turboCompressor id="turbo_1" drive="drive_1">
        <speedMin value="4000" unit="per_min"/>
        <speedMax value="7000" unit="per_min"/>
        <n_isoline_coeff_1 value="0.3333333333333333"/>
        <n_isoline_coeff_2 value="0.25"/>
        <n_isoline_coeff_3 value="0.2"/>
        <n_isoline_coeff_4 value="0.16666666666666666"/>
        <n_isoline_coeff_5 value="0.14285714285714285"/>
        <n_isoline_coeff_6 value="0.125"/>
        <n_isoline_coeff_7 value="0.1111111111111111"/>
        <n_isoline_coeff_8 value="0.1"/>
        <n_isoline_coeff_9 value="0.09090909090909091"/>
        <eta_ad_isoline_coeff_1 value="-0"/>
        <eta_ad_isoline_coeff_2 value="-1e-09"/>
        <eta_ad_isoline_coeff_3 value="-2e-09"/>
        <eta_ad_isoline_coeff_4 value="-3.0000000000000004e-09"/>
        <eta_ad_isoline_coeff_5 value="-4e-09"/>
        <eta_ad_isoline_coeff_6 value="-5e-09"/>
        <eta_ad_isoline_coeff_7 value="-6.000000000000001e-09"/>
        <eta_ad_isoline_coeff_8 value="-7.000000000000001e-09"/>
        <eta_ad_isoline_coeff_9 value="-8e-09"/>
        <surgeline_coeff_1 value="1"/>
        <surgeline_coeff_2 value="2"/>
        <surgeline_coeff_3 value="3"/>
        <chokeline_coeff_1 value="-1"/>
        <chokeline_coeff_2 value="0.5"/>
        <chokeline_coeff_3 value="1e-05"/>
        <efficiencyOfChokeline value="0.59"/>
        <surgelineMeasurements>
          <measurement>
            <speed value="6000" unit="per_min"/>
            <adiabaticHead value="20" unit="kJ_per_kg"/>
            <volumetricFlowrate value="1.5" unit="m_cube_per_s"/>
          </measurement>
        </surgelineMeasurements>
        <characteristicDiagramMeasurements>
          <adiabaticEfficiency value="0.8">
            <measurement>
              <speed value="6000" unit="per_min"/>
              <adiabaticHead value="20" unit="kJ_per_kg"/>
              <volumetricFlowrate value="1.5" unit="m_cube_per_s"/>
            </measurement>
            <measurement>
              <speed value="6600" unit="per_min"/>
              <adiabaticHead value="25" unit="kJ_per_kg"/>
              <volumetricFlowrate value="2.5" unit="m_cube_per_s"/>
            </measurement>
          </adiabaticEfficiency>
        </characteristicDiagramMeasurements>
      </turboCompressor>
      <pistonCompressor id="piston_1" drive="drive_2">
        <speedMin value="165" unit="per_min"/>
        <speedMax value="350" unit="per_min"/>
        <operatingVolume value="0.5" unit="m_cube"/>
        <maximalTorque value="0" unit="kNm"/>
        <maximalCompressionRatio value="2"/>
        <adiabaticEfficiency value="0.95"/>
        <additionalReductionVolFlow value="0.35"/>
      </pistonCompressor>
    </compressors>
    <drives>
      <gasTurbine id="drive_1">
        <energy_rate_fun_coeff_1 value="0.01"/>
        <energy_rate_fun_coeff_2 value="0"/>
        <energy_rate_fun_coeff_3 value="0"/>
        <power_fun_coeff_1 value="1"/>
        <power_fun_coeff_2 value="2"/>
        <power_fun_coeff_3 value="3"/>
        <power_fun_coeff_4 value="4"/>
        <power_fun_coeff_5 value="5"/>
        <power_fun_coeff_6 value="6"/>
        <power_fun_coeff_7 value="7"/>
        <power_fun_coeff_8 value="8"/>
        <power_fun_coeff_9 value="9.5"/>
        <specificEnergyConsumptionMeasurements>
          <measurement>
            <compressorPower value="1000" unit="kW"/>
            <fuelConsumption value="3000" unit="kW"/>
          </measurement>
        </specificEnergyConsumptionMeasurements>
        <maximalPowerMeasurements>
          <ambientTemperature value="-5" unit="Celsius">
            <measurement>
              <speed value="6000" unit="per_min"/>
              <maximalPower value="20000" unit="kW"/>
            </measurement>
          </ambientTemperature>
        </maximalPowerMeasurements>
      </gasTurbine>
      <gasDrivenMotor id="drive_2">
        <energy_rate_fun_coeff_1 value="1925"/>
        <energy_rate_fun_coeff_2 value="2.5"/>
        <energy_rate_fun_coeff_3 value="0.0001"/>
        <power_fun_coeff_1 value="100"/>
        <power_fun_coeff_2 value="2"/>
        <power_fun_coeff_3 value="-0.001"/>
        <maximalPowerMeasurements>
          <measurement>
            <speed value="180" unit="per_min"/>
            <maximalPower value="1000" unit="kW"/>
          </measurement>
          <measurement>
            <speed value="300" unit="per_min"/>
            <maximalPower value="1500" unit="kW"/>
          </measurement>
        </maximalPowerMeasurements>
      </gasDrivenMotor>
    </drives>
    <configurations>
      <configuration confId="config_1" nrOfSerialStages="1">
        <stage stageNr="1" nrOfParallelUnits="2">
          <compressor id="turbo_1" nominalSpeed="5200"/>
          <compressor id="piston_1" nominalSpeed="300"/>
        </stage>
      </configuration>
    </configurations>
  </compressorStation>
</compressorStations>
