# Gas origin and quality tracking, transit and swap accounting (issue 6).
target_sources(corridor PRIVATE
  tracking/groups.cpp
  tracking/track.cpp
  tracking/track_steady.cpp
  tracking/report.cpp)
