#include "siot.h"

/* {17084EE7-78C8-47CC-AAD0-0B188B764700} */
const GUID siot_layered_guid = {
    0x17084ee7, 0x78c8, 0x47cc, {0xaa, 0xd0, 0x0b, 0x18, 0x8b, 0x76, 0x47, 0x00}};

GUID siot_chain_guid(unsigned k)
{
    GUID id = siot_layered_guid;

    id.Data4[7] = (unsigned char)k;
    return id;
}

int siot_is_own_guid(const GUID *id)
{
    GUID family = *id;

    family.Data4[7] = 0;
    return IsEqualGUID(&family, &siot_layered_guid);
}
