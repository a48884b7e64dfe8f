#include "harness.h"

namespace cmwq::test {

Program burn_sleep(const std::string& func, std::initializer_list<std::pair<OpCode, Nanos>> ops) {
  Program p;
  p.func = func;
  for (const auto& [code, ns] : ops) {
    Op op;
    op.code = code;
    op.ns = ns;
    p.ops.push_back(op);
  }
  return p;
}

void Harness::drain() {
  for (Event& e : take_events(w)) log.push_back(e);
}

void Harness::run_until(Nanos t) {
  while (!violated && next_action_time(w) >= 0 && next_action_time(w) <= t) {
    step(w);
    drain();
    const std::string bad = check_invariants(w);
    if (!bad.empty()) {
      violated = true;
      ADD_FAILURE() << "invariant broken after action " << w.actions_run << " at t=" << w.now << "ns: " << bad;
    }
  }
  if (!violated) cmwq::run_until(w, t);
  drain();
}

std::vector<Event> Harness::of(EventType type) const {
  std::vector<Event> out;
  for (const Event& e : log)
    if (e.type == type) out.push_back(e);
  return out;
}

std::vector<Nanos> Harness::times(EventType type, int32_t work, int64_t op) const {
  std::vector<Nanos> out;
  for (const Event& e : log)
    if (e.type == type && (work < 0 || e.work == work) && (op < 0 || e.a == op)) out.push_back(e.time);
  return out;
}

Nanos Harness::first_time(EventType type, int32_t work, int64_t op) const {
  const auto t = times(type, work, op);
  return t.empty() ? -1 : t.front();
}

}  // namespace cmwq::test
