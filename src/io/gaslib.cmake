# GasLib .net/.scn readers and case loading (file kinds detected from content).
target_sources(corridor PRIVATE
  io/gaslib_reader.cpp
  io/load_case.cpp)
