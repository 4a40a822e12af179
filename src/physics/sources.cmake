# Physics: gas properties, friction, element equations, machine maps.
target_sources(corridor PRIVATE physics/compressor_map.cpp)
target_sources(corridor PRIVATE physics/gas_physics.cpp)
target_sources(corridor PRIVATE physics/station_model.cpp)
