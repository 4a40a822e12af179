# Reservoir cascade and hydropower simulation (include/corridor/hydro.h).
target_sources(corridor PRIVATE
  hydro/hydro_io.cpp
  hydro/hydro_sim.cpp
  hydro/hydro_report.cpp)
