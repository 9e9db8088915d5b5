/* What makes an entry of the Winsock catalog siotrace's own.
 *
 * siotrace's layered entry is installed under SIOT_LAYERED_GUID; each of its
 * chains under its own GUID (Windows calls WSPStartup once per provider GUID,
 * so chains sharing one would leave all but the first unstarted). The chain
 * GUIDs lspctl installs differ from the layered one in their last byte only,
 * so an entry of any of them is recognized even when its layered entry is
 * gone. Chains made by WSCInstallProviderAndChains get GUIDs from Windows and
 * are recognized by their first link, the layered entry. */
#ifndef SIOT_SIOT_H
#define SIOT_SIOT_H

#include <winsock2.h>
#include <ws2spi.h>

extern const GUID siot_layered_guid;

#define SIOT_NAME L"siotrace"
#define SIOT_DLL  L"siotrace.dll"
/* An inspector only looks: it is the category of a tracer. */
#define SIOT_LSP_CATEGORIES LSP_INSPECTOR

/* The GUID of the chain lspctl installs for target number k (1..255). */
GUID siot_chain_guid(unsigned k);

/* The layered GUID or one of the chain GUIDs. */
int siot_is_own_guid(const GUID *id);

#endif
