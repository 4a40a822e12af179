target_sources(corridor PRIVATE
  physics/compressor_map.cpp)
