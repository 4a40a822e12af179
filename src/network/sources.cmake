target_sources(corridor PRIVATE
  network/network.cpp
  network/validate.cpp)
