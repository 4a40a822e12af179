# Steady-state solver: options and reports, the Newton/KLU core, the loop over active
# elements (limits and fuel gas), case entry points.
target_sources(corridor PRIVATE steady/options.cpp)
target_sources(corridor PRIVATE steady/steady_solver.cpp)
target_sources(corridor PRIVATE steady/continuation.cpp)
target_sources(corridor PRIVATE steady/nodal_factor.cpp)
# Two threads for large systems (steady/parallel.h): the library's own second thread, not
# OpenMP's (libgomp ends the process when it cannot start one).
target_sources(corridor PRIVATE steady/parallel.cpp)
target_link_libraries(corridor PRIVATE Threads::Threads)
target_sources(corridor PRIVATE steady/nodal_ordering.cpp)
target_sources(corridor PRIVATE steady/large_buffer.cpp)
# NodalCholesky's dense kernels for AVX2 + FMA, chosen at run time (the rest of the library
# keeps the baseline x86-64 flags): one file alone is built with them, see its header.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag("-mavx2 -mfma" CORRIDOR_HAVE_AVX2_FLAGS)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND CORRIDOR_HAVE_AVX2_FLAGS)
  target_sources(corridor PRIVATE steady/nodal_kernels_avx2.cpp)
  set_source_files_properties(steady/nodal_kernels_avx2.cpp
                              PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
  set_property(SOURCE steady/nodal_factor.cpp APPEND PROPERTY COMPILE_DEFINITIONS
               CORRIDOR_NODAL_AVX2)
  # The element laws four arcs at a time: AVX2 without FMA and without contraction, so that
  # they round as the baseline scalar law does (law_kernels.h).
  target_sources(corridor PRIVATE steady/law_kernels_avx2.cpp)
  set_source_files_properties(steady/law_kernels_avx2.cpp
                              PROPERTIES COMPILE_OPTIONS "-mavx2;-ffp-contract=off")
  set_source_files_properties(steady/steady_solver.cpp
                              PROPERTIES COMPILE_DEFINITIONS CORRIDOR_LAW_AVX2)
endif()
target_sources(corridor PRIVATE steady/active_elements.cpp)
target_sources(corridor PRIVATE steady/simulate.cpp)
target_sources(corridor PRIVATE steady/steady_outputs.cpp)  # simulate's result files
target_sources(corridor PRIVATE steady/decisions.cpp)  # .cdf decisions as settings
