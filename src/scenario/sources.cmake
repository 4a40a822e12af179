# The corridor case as a job: scenario runs, post-hoc station checks, transit headroom
# search and the adviser report (issue 5).
target_sources(corridor PRIVATE
  scenario/scenario.cpp
  scenario/scenario_report.cpp)
