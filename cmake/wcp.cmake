# Helpers that keep every component's CMakeLists.txt to a few lines.
#
# wcp_library(NAME SOURCES ... DEPS ...)
#   A static library `wcp_<NAME>` with `src/` on the include path. DEPS are
#   linked PUBLIC: a component's public headers may expose its dependencies.
function(wcp_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(wcp_${name} STATIC ${ARG_SOURCES})
  target_include_directories(wcp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(wcp_${name} PUBLIC ${ARG_DEPS})
endfunction()

# wcp_test(NAME SOURCES ... DEPS ... [LABELS ...] [BACKENDS])
#   A GoogleTest executable `NAME`, its tests discovered into ctest with the
#   given labels (default `unit`). WCP_SOURCE_DIR lets tests find data/.
#   BACKENDS: a storage conformance suite instantiated as Sqlite/… and
#   Postgres/…; the Postgres instances get the label `pg` (they need the
#   server that `make test` starts, found through WCP_TEST_PG_URL).
function(wcp_test name)
  cmake_parse_arguments(ARG "BACKENDS" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE WCP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(ARG_BACKENDS)
    gtest_discover_tests(${name} TEST_FILTER "-Postgres/*" TEST_LIST ${name}_local
      PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
    if(NOT WCP_SANITIZE)
      gtest_discover_tests(${name} TEST_FILTER "Postgres/*" TEST_LIST ${name}_pg
        PROPERTIES LABELS "pg" DISCOVERY_TIMEOUT 60)
    endif()
  else()
    gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
