#pragma once
/// @file
/// @brief Plain-English names of the things events talk about (pools, pwqs, work
/// operations, worker flags), shared by the event descriptions (core/trace/schema.h),
/// the trace formatters and the UI.

#include <cstdint>
#include <string>

#include "core/kernel/program.h"
#include "core/trace/event.h"

namespace cmwq {

struct World;

/// A pool with its attributes: "pool 2 (cpus=0 nice=0)"; "pool ?" for an unknown id.
std::string pool_words(const World& w, int32_t pool);

/// A pool workqueue by its workqueue and pool: "pwq 3 (q0 on pool 2)"; "pwq ?" if unknown.
std::string pwq_words(const World& w, int32_t pwq);

/// An operation as the scenario syntax writes it, with names: "alloc 16 GFP_KERNEL",
/// "queue_work q0 w1 cpu=0", "sleep 10ms".
std::string op_text(const World& w, const Op& op);

/// Operation @p pc of work @p work's program as op_text() writes it, or "?".
std::string op_text_at(const World& w, int32_t work, int64_t pc);

/// WORKER_* flags joined by '|', without the prefix: "IDLE|PREP"; "0" for none.
std::string worker_flags_text(uint32_t flags);

/// Why kick_pool() ran, in words: "work queued (__queue_work)".
const char* kick_reason_text(KickReason r);

}  // namespace cmwq
