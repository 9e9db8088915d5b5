/* Whether lspctl runs with administrator rights, which every change to the
 * Winsock catalog and to HKLM needs. */
#ifndef SIOT_ADMIN_H
#define SIOT_ADMIN_H

/* 1 when the process token holds an enabled Administrators group (an elevated
 * administrator; with UAC a non-elevated one holds it for deny only), 0 when
 * not, -1 when it cannot be told (GetLastError). */
int admin_is_elevated(void);

#endif
