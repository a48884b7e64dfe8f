// Benchmarks of the core (not tests: timing goals live here). Run:
//   build/native/tests/bench/core_bench
#include <benchmark/benchmark.h>

#include "core/world.h"
#include "core/workqueue/workqueue.h"

namespace cmwq {
namespace {

// 64 CPUs, 100 000 works that burn 50 us and sleep 200 us, queued over 1 s.
World big_world(int works) {
  MachineConfig c;
  c.cpus = 64;
  World w = boot(c);
  const int32_t q = alloc_workqueue(w, "q", 0, 0);
  const int32_t u = alloc_workqueue(w, "u", WQ_UNBOUND, 0);
  Program p{"f", {Op{OpCode::Burn, 50 * NSEC_PER_USEC}, Op{OpCode::Sleep, 200 * NSEC_PER_USEC}}};
  const int32_t prog = add_program(w, p);
  for (int i = 0; i < works; ++i) {
    ScriptedAction a;
    a.op = ScriptOp::QueueWork;
    a.time = static_cast<Nanos>(i) * (NSEC_PER_SEC / works);
    a.wq = (i % 8 == 0) ? u : q;
    a.work = init_work(w, "w" + std::to_string(i), prog);
    a.cpu = (i % 8 == 0) ? -1 : i % 64;
    a.from_cpu = i % 64;
    add_scripted_action(w, a);
  }
  return w;
}

void BM_LargeRun(benchmark::State& state) {
  uint64_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    World w = big_world(static_cast<int>(state.range(0)));
    state.ResumeTiming();
    while (step(w)) {
      events += take_events(w).size();
      if (w.now > 2 * NSEC_PER_SEC) break;
    }
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["bytes/work"] = static_cast<double>(sizeof(Work));
}
BENCHMARK(BM_LargeRun)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_SnapshotCopy(benchmark::State& state) {
  World w = big_world(100000);
  for (int i = 0; i < 200000; ++i) step(w);
  take_events(w);
  for (auto _ : state) {
    World copy = w;
    benchmark::DoNotOptimize(copy.now);
  }
}
BENCHMARK(BM_SnapshotCopy)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cmwq

BENCHMARK_MAIN();
