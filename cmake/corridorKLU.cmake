# SuiteSparse 5.12 (Debian 12) ships no CMake config: find KLU and its ordering
# libraries by hand and expose them as one imported target, SuiteSparse::KLU (the
# lattice's Cholesky has its own symbolic analysis: CHOLMOD is not linked).
# Included by the project (a missing library is a fatal error) and by the installed
# package's config, where it leaves find_package(corridor) not found with a message
# instead, so that find_package(corridor QUIET) can probe for it (a user's audit: the
# REQUIRED finds made a missing libsuitesparse-dev a hard CMake error there).
if(NOT TARGET SuiteSparse::KLU)
  set(_corridor_klu_missing "")
  find_path(KLU_INCLUDE_DIR klu.h PATH_SUFFIXES suitesparse)
  if(NOT KLU_INCLUDE_DIR)
    list(APPEND _corridor_klu_missing "klu.h")
  endif()
  foreach(lib klu amd colamd btf suitesparseconfig)
    find_library(KLU_${lib}_LIBRARY ${lib})
    if(NOT KLU_${lib}_LIBRARY)
      list(APPEND _corridor_klu_missing "lib${lib}")
    endif()
  endforeach()
  if(_corridor_klu_missing)
    list(JOIN _corridor_klu_missing ", " _corridor_klu_missing)
    set(_corridor_klu_message
        "SuiteSparse's KLU was not found (missing: ${_corridor_klu_missing}); on Debian 12: apt install libsuitesparse-dev")
    unset(_corridor_klu_missing)
    if(CMAKE_FIND_PACKAGE_NAME)
      set(${CMAKE_FIND_PACKAGE_NAME}_FOUND FALSE)
      set(${CMAKE_FIND_PACKAGE_NAME}_NOT_FOUND_MESSAGE "${_corridor_klu_message}")
      unset(_corridor_klu_message)
      return()
    endif()
    message(FATAL_ERROR "${_corridor_klu_message}")
  endif()
  unset(_corridor_klu_missing)
  add_library(SuiteSparse::KLU INTERFACE IMPORTED)
  set_target_properties(SuiteSparse::KLU PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${KLU_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${KLU_klu_LIBRARY};${KLU_amd_LIBRARY};${KLU_colamd_LIBRARY};${KLU_btf_LIBRARY};${KLU_suitesparseconfig_LIBRARY}")
endif()
