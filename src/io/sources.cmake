# Readers and writers. Shared XML helpers here; each format lists its own files in a
# fragment (gaslib.cmake: .net/.scn and case loading; cs.cmake: .cs/.cdf;
# formats.cmake: JSON, GeoJSON, GasLib writers).
target_sources(corridor PRIVATE
  io/xml_util.cpp
  io/text.cpp
  io/controls.cpp)
foreach(fragment gaslib cs formats)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/io/${fragment}.cmake)
    include(io/${fragment}.cmake)
  endif()
endforeach()
