# Reference cases from other simulators (data/reference) and the benchmark lattice.
# Helper "validate": pandapipes loader, discovery and comparison, residual check, lattice.
target_sources(corridor PRIVATE
  reference/pandapipes.cpp
  reference/reference.cpp
  reference/residual_check.cpp
  reference/lattice.cpp)
target_sources(corridor PRIVATE reference/gassteadysim.cpp)
# The pandapipes case files are parsed with simdjson (nlohmann's DOM took 20x longer).
target_link_libraries(corridor PRIVATE simdjson::simdjson)
