# cmake -DOBJDUMP=... -DFILE=... -P check_imports.cmake
# lspctl must import no WSC* function: Wine lacks some, and a missing static
# import stops the program before main (or aborts when called), where one
# resolved with GetProcAddress is an error lspctl reports.
execute_process(COMMAND ${OBJDUMP} -p ${FILE} OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot read ${FILE}")
endif()
# The import table was read, and holds what resolves them instead.
string(REGEX MATCH "\t[0-9a-f]+[ \t]+[0-9]+ +GetProcAddress\n" gpa "${dump}")
if(NOT gpa)
    message(FATAL_ERROR "${FILE}: no GetProcAddress among its imports: the check proves nothing")
endif()
string(REGEX MATCHALL "\t[0-9a-f]+[ \t]+[0-9]+ +WSC[A-Za-z0-9_]+" wsc "${dump}")
if(wsc)
    message(FATAL_ERROR "${FILE} imports catalog functions statically:${wsc}")
endif()
message(STATUS "${FILE}: no static import of a WSC* function")
