#pragma once
/// @file
/// @brief Version of the cmwq-lab core and of the kernel it models.

namespace cmwq {

/// Version string of the cmwq-lab core library, e.g. "0.1.0".
const char* core_version();

/// The kernel release whose workqueue behaviour the core models, e.g. "v6.12".
const char* modelled_kernel();

}  // namespace cmwq
