# Readers and writers. Each file owns one format.
target_sources(corridor PRIVATE
  io/gaslib_stub.cpp)
