# SuiteSparse 5.12 (Debian 12) ships no CMake config: find KLU and its ordering
# libraries by hand and expose them as one imported target, SuiteSparse::KLU (the
# lattice's Cholesky has its own symbolic analysis: CHOLMOD is not linked).
if(NOT TARGET SuiteSparse::KLU)
  find_path(KLU_INCLUDE_DIR klu.h PATH_SUFFIXES suitesparse REQUIRED)
  foreach(lib klu amd colamd btf suitesparseconfig)
    find_library(KLU_${lib}_LIBRARY ${lib} REQUIRED)
  endforeach()
  add_library(SuiteSparse::KLU INTERFACE IMPORTED)
  set_target_properties(SuiteSparse::KLU PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${KLU_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${KLU_klu_LIBRARY};${KLU_amd_LIBRARY};${KLU_colamd_LIBRARY};${KLU_btf_LIBRARY};${KLU_suitesparseconfig_LIBRARY}")
endif()
