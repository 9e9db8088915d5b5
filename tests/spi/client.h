/* client: the few Winsock functions of siotws2.dll the host itself hands to
 * providers, for the Winsock calls a layered provider makes on its own (on
 * Windows they reach ws2_32, which is the host here). */
#ifndef SIOT_CLIENT_H
#define SIOT_CLIENT_H

#include <winsock2.h>

SOCKET WSAAPI client_socket(int af, int type, int protocol);
SOCKET WSAAPI client_WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info, GROUP g,
                                DWORD flags);
int WSAAPI client_closesocket(SOCKET s);

#endif
