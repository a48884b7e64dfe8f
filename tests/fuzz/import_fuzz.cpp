// libFuzzer target: any bytes as ftrace text for `cmwq import`. Each input either gives
// one located error (a line and column inside the text), or a trace whose events every
// formatter and the kernel check's comparison read without crashing, with ids that point
// into the synthetic world.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/trace/format.h"
#include "core/trace/import.h"
#include "core/trace/trace_compare.h"

namespace {

int64_t lines_of(std::string_view s) {
  int64_t n = 1;
  for (const char c : s) n += c == '\n';
  return n;
}

bool in(int64_t id, size_t size) { return id >= -1 && id < static_cast<int64_t>(size); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const cmwq::TraceImport im = cmwq::import_ftrace(text, "fuzz.trace");
  if (im.error) {
    const cmwq::ScenarioError& e = *im.error;
    if (e.pos.line < 1 || e.pos.line > lines_of(text) || e.pos.column < 1 || e.message.empty()) __builtin_trap();
    return 0;
  }
  const cmwq::ImportedTrace& t = *im.trace;
  const cmwq::World& w = t.world;
  for (const cmwq::Event& e : t.events) {
    if (!in(e.task, w.tasks.size()) || !in(e.work, w.wq.works.size()) || !in(e.pool, w.wq.pools.size()) ||
        !in(e.pwq, w.wq.pwqs.size()) || !in(e.wq, w.wq.wqs.size()) || e.cpu < -1 || e.cpu >= w.config.cpus)
      __builtin_trap();
  }
  (void)cmwq::format_table(w, t.events);
  (void)cmwq::format_ftrace(w, t.events);
  (void)cmwq::format_json(w, t.events, t.end);
  (void)cmwq::format_perfetto(w, t.events, t.end);
  (void)cmwq::format_summary(w);
  std::vector<std::string> works;
  for (const cmwq::Work& wk : w.wq.works) works.push_back(wk.name);
  const cmwq::RunFacts f = cmwq::run_facts(w, t.events, 0, works, t.end);
  (void)cmwq::compare_facts(f, f, 0, t.end);
  return 0;
}
