# Reference cases from other simulators (data/reference).
target_sources(corridor PRIVATE reference/gassteadysim.cpp)
