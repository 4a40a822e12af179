target_sources(corridor PRIVATE
  core/status.cpp
  core/file.cpp
  core/output_set.cpp
  core/suggest.cpp)
