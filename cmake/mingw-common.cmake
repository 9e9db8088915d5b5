# The "-posix" compilers are avoided on purpose: the default win32 thread model
# needs no libwinpthread DLL beside the LSP.
set(CMAKE_C_COMPILER ${SIOT_TRIPLE}-gcc)
set(CMAKE_RC_COMPILER ${SIOT_TRIPLE}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${SIOT_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# A test program must run under Wine without MinGW's runtime DLLs on its path.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static-libgcc")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc")
