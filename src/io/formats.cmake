# corridor JSON, GasLib XML writers (.net/.scn), GeoJSON, and the model comparison used by
# the round-trip tests.
target_sources(corridor PRIVATE
  io/json_format.cpp
  io/json_locate.cpp
  io/gaslib_writer.cpp
  io/geojson.cpp
  io/model_compare.cpp)
