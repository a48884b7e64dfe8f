#include "core/version.h"

namespace cmwq {

const char* core_version() { return "0.1.0"; }
const char* modelled_kernel() { return "v6.12"; }

}  // namespace cmwq
