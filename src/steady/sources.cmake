# Steady-state solver: options and reports, the Newton/KLU core, the loop over active
# elements (limits and fuel gas), case entry points.
target_sources(corridor PRIVATE steady/options.cpp)
target_sources(corridor PRIVATE steady/steady_solver.cpp)
target_sources(corridor PRIVATE steady/nodal_factor.cpp)
target_sources(corridor PRIVATE steady/active_elements.cpp)
target_sources(corridor PRIVATE steady/simulate.cpp)
