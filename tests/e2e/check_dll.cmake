# Checks a built siotrace.dll the way ws2_32 and a user's machine see it:
#   cmake -DOBJDUMP=... -DDLL=... -P check_dll.cmake
# - WSPStartup is exported under that plain name (ws2_32 calls
#   GetProcAddress(dll, "WSPStartup"); the i686 stdcall decoration
#   WSPStartup@20 would hide it), and it is the only export;
# - the DLL imports system DLLs only (no libgcc or winpthread DLL to ship);
# - the ETW functions are imported by name on both architectures, so that
#   the test host's import patch reaches every one of them.
execute_process(COMMAND ${OBJDUMP} -p ${DLL} OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${OBJDUMP} -p ${DLL} failed (${rc})")
endif()

string(REGEX MATCH "\\[Ordinal/Name Pointer\\] Table\n(\t\\[[^\n]*\n)*" table "${dump}")
string(REGEX MATCHALL "\\[ *[0-9]+\\] [^\n]+" exports "${table}")
if(NOT exports)
    message(FATAL_ERROR "no export table in ${DLL}")
endif()
list(LENGTH exports count)
list(GET exports 0 first)
if(NOT count EQUAL 1 OR NOT first MATCHES "\\] WSPStartup$")
    message(FATAL_ERROR "exports must be exactly WSPStartup, found: ${exports}")
endif()

set(allowed ADVAPI32.dll KERNEL32.dll msvcrt.dll ntdll.dll WS2_32.dll)
string(REGEX MATCHALL "DLL Name: [^\n]+" imports "${dump}")
foreach(line IN LISTS imports)
    string(REPLACE "DLL Name: " "" name "${line}")
    list(FIND allowed "${name}" found)
    if(found EQUAL -1)
        message(FATAL_ERROR "${DLL} imports ${name}, not a system DLL")
    endif()
endforeach()
foreach(f EventRegister EventSetInformation EventWriteTransfer EventUnregister)
    if(NOT dump MATCHES "[ \t][0-9]+  ${f}\n")
        message(FATAL_ERROR "${DLL} does not import ${f} by name")
    endif()
endforeach()
message(STATUS "${DLL}: exports WSPStartup undecorated; imports only system DLLs")
