<?xml version="1.0" encoding="UTF-8"?>
<compressorStations xmlns="http://gaslib.zib.de/CompressorStations">
  <compressorStation id="cs1">
    <compressors>
      <turboCompressor id="c1" drive="d1">
        <speedMin value="4000" unit="per_min"/>
        <speedMax value="6000" unit="per_min"/>
        <n_isoline_coeff_1 value="0"/>
        <n_isoline_coeff_2 value="0"/>
        <n_isoline_coeff_3 value="0"/>
        <n_isoline_coeff_4 value="0"/>
        <n_isoline_coeff_5 value="0"/>
        <n_isoline_coeff_6 value="0"/>
        <n_isoline_coeff_7 value="0"/>
        <n_isoline_coeff_8 value="0"/>
        <n_isoline_coeff_9 value="0"/>
        <eta_ad_isoline_coeff_1 value="0"/>
        <eta_ad_isoline_coeff_2 value="0"/>
        <eta_ad_isoline_coeff_3 value="0"/>
        <eta_ad_isoline_coeff_4 value="0"/>
        <eta_ad_isoline_coeff_5 value="0"/>
        <eta_ad_isoline_coeff_6 value="0"/>
        <eta_ad_isoline_coeff_7 value="0"/>
        <eta_ad_isoline_coeff_8 value="0"/>
        <eta_ad_isoline_coeff_9 value="0"/>
        <surgeline_coeff_1 value="0"/>
        <surgeline_coeff_2 value="0"/>
        <surgeline_coeff_3 value="0"/>
        <chokeline_coeff_1 value="0"/>
        <chokeline_coeff_2 value="0"/>
        <chokeline_coeff_3 value="0"/>
        <surgelineMeasurements>
          <measurement>
            <speed value="4000" unit="per_min"/>
            <adiabaticHead value="50" unit="kJ_per_kg"/>
            <volumetricFlowrate value="1.5" unit="m_cube_per_s"/>
          </measurement>
        </surgelineMeasurements>
      </turboCompressor>
    </compressors>
    <drives>
      <gasTurbine id="d1">
        <energy_rate_fun_coeff_1 value="0"/>
        <energy_rate_fun_coeff_2 value="0"/>
        <energy_rate_fun_coeff_3 value="0"/>
        <power_fun_coeff_1 value="0"/>
        <power_fun_coeff_2 value="0"/>
        <power_fun_coeff_3 value="0"/>
        <power_fun_coeff_4 value="0"/>
        <power_fun_coeff_5 value="0"/>
        <power_fun_coeff_6 value="0"/>
        <power_fun_coeff_7 value="0"/>
        <power_fun_coeff_8 value="0"/>
        <power_fun_coeff_9 value="0"/>
      </gasTurbine>
    </drives>
    <configurations>
      <configuration confId="k1" nrOfSerialStages="1">
        <stage stageNr="1" nrOfParallelUnits="1">
          <compressor id="c1" nominalSpeed="5000"/>
        </stage>
      </configuration>
    </configurations>
  </compressorStation>
</compressorStations>
