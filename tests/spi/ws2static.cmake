# Appends the static members of MinGW's libws2_32.a (in6addr_any,
# in6addr_loopback, the IN6_* helpers, gai_strerror, the Wspiapi wrappers) to
# libsiotws2.a, so that a program linking it in place of -lws2_32 finds them.
# Called with -DAR=... -DWS2=<libws2_32.a> -DIMPLIB=<libsiotws2.a> -DWORK=<dir>.
cmake_policy(SET CMP0007 NEW)
execute_process(COMMAND ${AR} t ${WS2} OUTPUT_VARIABLE members RESULT_VARIABLE rc)
if(rc)
    message(FATAL_ERROR "cannot list ${WS2}")
endif()
string(REPLACE "\n" ";" members "${members}")
list(FILTER members EXCLUDE REGEX "^libws2_32(s[0-9]+|t|h)\\.o$|^$")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${AR} x ${WS2} ${members} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc)
    execute_process(COMMAND ${AR} rs ${IMPLIB} ${members} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
endif()
if(rc)
    message(FATAL_ERROR "cannot add the static members of ${WS2} to ${IMPLIB}")
endif()
