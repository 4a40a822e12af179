# Compressor-station data (.cs) and combined decisions (.cdf): GasLib XML and JSON.
target_sources(corridor PRIVATE
  io/gaslib_cs_reader.cpp
  io/gaslib_cs_writer.cpp
  io/json_cs.cpp)
