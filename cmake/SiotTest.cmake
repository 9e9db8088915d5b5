# Test registration shared by every directory.
#
# siot_test(NAME <name> COMMAND <target> [args...] [LABELS l...])
#   Native builds run the program directly; the x86 build registers nothing. The Windows build runs it under
#   Wine in one prefix per test run: the wine_prefix fixture creates it before
#   the first Wine test and ends its server after the last.
if(WIN32 AND CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "x86_64")
    set(SIOT_RUNS_WINE ON)
    set(SIOT_WINEPREFIX ${CMAKE_BINARY_DIR}/wineprefix)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${PROJECT_SOURCE_DIR}/cmake/wine-run.sh)
    add_test(NAME wine_prefix_init
        COMMAND ${PROJECT_SOURCE_DIR}/cmake/wine-prefix.sh init ${SIOT_WINEPREFIX})
    add_test(NAME wine_prefix_kill
        COMMAND ${PROJECT_SOURCE_DIR}/cmake/wine-prefix.sh kill ${SIOT_WINEPREFIX})
    set_tests_properties(wine_prefix_init PROPERTIES FIXTURES_SETUP wine LABELS wine)
    set_tests_properties(wine_prefix_kill PROPERTIES FIXTURES_CLEANUP wine LABELS wine)
else()
    set(SIOT_RUNS_WINE OFF)
endif()

function(siot_test)
    cmake_parse_arguments(T "" "NAME" "COMMAND;LABELS;ENVIRONMENT" ${ARGN})
    # The x86 build has nothing to run its programs on; siot_pe_check covers it.
    if(CMAKE_CROSSCOMPILING AND NOT SIOT_RUNS_WINE)
        return()
    endif()
    add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
    set(labels ${T_LABELS})
    if(SIOT_RUNS_WINE)
        list(APPEND labels wine)
        set_tests_properties(${T_NAME} PROPERTIES FIXTURES_REQUIRED wine)
        list(APPEND T_ENVIRONMENT SIOT_WINEPREFIX=${SIOT_WINEPREFIX})
    endif()
    if(labels)
        set_tests_properties(${T_NAME} PROPERTIES LABELS "${labels}")
    endif()
    if(T_ENVIRONMENT)
        set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${T_ENVIRONMENT}")
    endif()
endfunction()

# siot_pe_check(<target> [EXPORTS name...])
#   The x86 build cannot run here (no 32-bit Wine): check its binaries'
#   machine type and exported names with objdump instead.
function(siot_pe_check target)
    cmake_parse_arguments(P "" "" "EXPORTS" ${ARGN})
    if(NOT (WIN32 AND CMAKE_SYSTEM_PROCESSOR STREQUAL "x86"))
        return()
    endif()
    add_test(NAME x86.${target}
        COMMAND ${PROJECT_SOURCE_DIR}/cmake/pe-check.sh ${SIOT_TRIPLE}-objdump
                $<TARGET_FILE:${target}> pei-i386 ${P_EXPORTS})
    set_tests_properties(x86.${target} PROPERTIES LABELS x86)
endfunction()
