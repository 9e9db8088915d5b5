#!/bin/sh
# CMAKE_CROSSCOMPILING_EMULATOR for the win64 build: runs one Windows program
# under Wine in the build's own prefix, which the wine_prefix fixture created.
# Exit status is the program's.
: "${SIOT_WINEPREFIX:?SIOT_WINEPREFIX is not set}"
export WINEPREFIX="$SIOT_WINEPREFIX"
export WINEDEBUG="${SIOT_WINEDEBUG:--all}"
export WINEDLLOVERRIDES="mscoree,mshtml="
exec wine "$@"
