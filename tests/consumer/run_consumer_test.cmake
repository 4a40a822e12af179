# Installs the built corridor into WORK_DIR/prefix, builds tests/consumer against it and
# runs it on the bundled example network.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
# A library built under sanitizers (CORRIDOR_SANITIZE) links only into a program built so.
set(sanitize_flags)
if(SANITIZE)
  set(sanitize_flags -DCMAKE_CXX_FLAGS=-fsanitize=${SANITIZE}
                     -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/build
                        -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                        -DCMAKE_BUILD_TYPE=Release ${sanitize_flags}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
# The installed copy of the example: the data goes with the library.
execute_process(COMMAND ${WORK_DIR}/build/consumer
                        ${WORK_DIR}/prefix/share/corridor/examples/GasLib-11/GasLib-11.net
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "consumer: ${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer run failed: ${rc}")
endif()
# An optional dependency: find_package(corridor QUIET) with KLU hidden configures, corridor
# not found and the message naming what is missing; with nothing hidden it is found.
foreach(hide ON OFF)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/probe
                          -B ${WORK_DIR}/probe_${hide} -G ${GENERATOR}
                          -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DHIDE_KLU=${hide}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "probing with KLU hidden=${hide} failed: ${rc}\n${out}\n${err}")
  endif()
  if(hide)
    set(want "probe: corridor_FOUND=0: SuiteSparse's KLU was not found (missing: klu.h)")
  else()
    set(want "probe: corridor_FOUND=1")
  endif()
  string(FIND "${out}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "probe with KLU hidden=${hide}: expected '${want}' in:\n${out}\n${err}")
  endif()
  message(STATUS "${want}")
endforeach()
