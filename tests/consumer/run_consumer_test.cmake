# Installs the built corridor into WORK_DIR/prefix, builds tests/consumer against it (with
# find_package, then with pkg-config's flags) and runs it on the bundled example network.
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
# The pkg-config file: the same program built with the compiler alone, from what
# `pkg-config --cflags --libs corridor` gives (the data folder and version from its
# variables), and run alike.
# (scripts/install-deps.sh installs pkg-config: without it the test fails, not passes.)
find_program(PKG_CONFIG pkg-config)
if(NOT PKG_CONFIG)
  message(FATAL_ERROR "pkg-config not found: corridor.pc cannot be tried (apt install "
                      "pkg-config)")
else()
  file(GLOB_RECURSE pc_files ${WORK_DIR}/prefix/*/corridor.pc)
  list(LENGTH pc_files n_pc)
  if(NOT n_pc EQUAL 1)
    message(FATAL_ERROR "expected one installed corridor.pc, found: ${pc_files}")
  endif()
  get_filename_component(pc_dir "${pc_files}" DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
  foreach(what "--cflags;--libs" "--variable=datadir" "--modversion" "--cflags")
    execute_process(COMMAND ${PKG_CONFIG} ${what} corridor RESULT_VARIABLE rc
                    OUTPUT_VARIABLE out ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "pkg-config ${what} corridor failed: ${rc}\n${err}")
    endif()
    list(APPEND pc_out "${out}")
  endforeach()
  list(GET pc_out 0 pc_flags)
  list(GET pc_out 1 pc_data)
  list(GET pc_out 2 pc_version)
  list(GET pc_out 3 pc_cflags)
  separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
  separate_arguments(pc_cflags UNIX_COMMAND "${pc_cflags}")
  set(pc_sanitize)
  if(SANITIZE)
    set(pc_sanitize -fsanitize=${SANITIZE})
  endif()
  execute_process(COMMAND ${CXX} -std=c++20 -O1 ${pc_sanitize} ${SOURCE_DIR}/tests/consumer/main.cpp
                          "-DCORRIDOR_DATA=\"${pc_data}\""
                          "-DCORRIDOR_PACKAGE_VERSION=\"${pc_version}\"" ${pc_flags}
                          -o ${WORK_DIR}/consumer_pc
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the consumer with pkg-config's flags failed: ${rc}\n${err}")
  endif()
  execute_process(COMMAND ${WORK_DIR}/consumer_pc
                          ${pc_data}/examples/GasLib-11/GasLib-11.net
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message(STATUS "consumer (pkg-config): ${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer (pkg-config) run failed: ${rc}")
  endif()
  # Every installed header, each alone, under a strict consumer's warnings as errors: with
  # pkg-config's -I (not CMake's -isystem) the headers' own warnings are the consumer's
  # (std::array indexed by an int cast failed clang's -Wsign-conversion; GCC's does not see
  # it). With the build's compiler, and with clang++ where the machine has it.
  file(GLOB headers ${WORK_DIR}/prefix/include/corridor/*.h)
  list(LENGTH headers n_headers)
  set(strict_compilers ${CXX})
  find_program(CLANGXX clang++)
  if(CLANGXX)
    list(APPEND strict_compilers ${CLANGXX})
  else()
    message(STATUS "clang++ not found: the headers' strict check runs with ${CXX} alone")
  endif()
  foreach(compiler ${strict_compilers})
    foreach(h ${headers})
      get_filename_component(name "${h}" NAME)
      file(WRITE ${WORK_DIR}/header_alone.cpp "#include <corridor/${name}>\n")
      execute_process(COMMAND ${compiler} -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic
                              -Wshadow -Wconversion -Wsign-conversion -Werror ${pc_cflags}
                              ${WORK_DIR}/header_alone.cpp
                      RESULT_VARIABLE rc ERROR_VARIABLE err)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "corridor/${name} alone, with ${compiler} and strict warnings:\n${err}")
      endif()
    endforeach()
    message(STATUS "each of ${n_headers} installed headers compiles alone under ${compiler}'s "
                   "strict warnings")
  endforeach()
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
