# Steady-state solver (issue 3): options and reports, the Newton/KLU core, case entry points.
target_sources(corridor PRIVATE steady/options.cpp)
target_sources(corridor PRIVATE steady/steady_solver.cpp)
target_sources(corridor PRIVATE steady/simulate.cpp)
