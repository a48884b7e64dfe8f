#pragma once
/// @file
/// @brief Consistency checks over a whole world, for tests and debugging.
///
/// The kernel states many of these as comments or WARN_ON_ONCE()s (a worker is
/// idle, busy or the manager; nr_running counts exactly the running,
/// concurrency-managed workers; a non-barrier item is INACTIVE iff it is on
/// inactive_works; nr_active never exceeds max_active, unless workqueue_set_max_active()
/// lowered it below the items already active). Tests run the checker after
/// every action so that a violation names the moment it first happened.

#include <string>

namespace cmwq {

struct World;

/// Returns an empty string if every invariant holds, else a description of the
/// first violation found.
std::string check_invariants(const World& w);

}  // namespace cmwq
