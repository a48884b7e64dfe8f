// The rescuer of each kernel generation, derived by hand from both sources:
// - v6.12.0 kernel/workqueue.c rescuer_thread() (0:3431-3529): for each pwq taken off
//   wq->maydays it attaches to the pool, "slurps" every item of the pwq off the worklist
//   with assign_work() (0:3480-3484), runs them (process_scheduled_works(), 0:3487), puts
//   the pwq back on wq->maydays if `pwq->nr_active && need_to_create_worker(pool)`
//   (0:3498-3509), then put_pwq() (0:3516), kick_pool() (0:3522), detach (0:3526).
// - 6.12.118 (Debian's linux-source-6.12): `while (assign_rescuer_work(pwq, rescuer))`
//   (118:3543) takes ONE item per call: none unless `pwq->nr_active &&
//   need_to_create_worker(pool)` (118:3454), searching from the head or after the pwq's
//   mayday cursor (118:3458-3461), skipping other pwqs' entries, and moving the cursor to
//   just before the entry after the item taken (list_move_tail(), 118:3468). After each
//   item, `++count > RESCUER_BATCH (16) && !list_empty(&pwq->wq->maydays) && pwq->nr_active
//   && need_to_create_worker(pool)` (118:3551) puts the pwq back at the tail of
//   wq->maydays and breaks. Leaving, the cursor is removed unless the pwq is on wq->maydays
//   (118:3567-3569); then kick_pool() (118:3575), detach (118:3579), put_pwq_unlocked()
//   (118:3585). A normal worker meeting a cursor at the head drops it (assign_work()'s
//   cursor branch, 118:1198-1206). pool_mayday_timeout() sends a mayday for every worklist
//   entry (118:3052-3053), the cursor included.
// Shared timing (both kernels, HZ 1000): a pool's manager that blocks in alloc_worker()
// at 1 ms armed the mayday timer for jiffy 1 + MAYDAY_INITIAL_TIMEOUT (10) = 11, which the
// timer wheel files in level 0 rounded up to jiffy 12: the first mayday is at 12 ms. The
// next runs MAYDAY_INTERVAL (100) later, filed in level 1 (8-jiffy granularity): 120 ms.
#include <algorithm>

#include "core/workqueue/code_position.h"
#include "core/world_view.h"
#include "harness.h"

namespace cmwq::test {
namespace {

constexpr KernelGeneration k0 = KernelGeneration::V6_12_0;
constexpr KernelGeneration k118 = KernelGeneration::V6_12_118;

// A scenario run under one kernel, with the invariants checked after every action.
struct Story {
  ScenarioWorld sw;
  Harness h;
  Story(const std::string& toml, KernelGeneration g) : sw(scenario_world(toml, g)), h(sw.world) {}

  int32_t work(const std::string& name) const { return sw.works.at(name); }
  int32_t wq(const std::string& name) const { return sw.workqueues.at(name); }
  int32_t rescuer(const std::string& wq_name) const {
    return h.w.wq.workers[static_cast<size_t>(h.w.wq.wqs[static_cast<size_t>(wq(wq_name))].rescuer)].task;
  }
  // The task that started @p name (-1: never started).
  int32_t ran_on(const std::string& name) const {
    for (const Event& e : h.of(EventType::ExecuteStart))
      if (e.work == work(name)) return e.task;
    return -1;
  }
  Nanos start(const std::string& name) const { return h.first_time(EventType::ExecuteStart, work(name)); }
  Nanos end(const std::string& name) const { return h.first_time(EventType::ExecuteEnd, work(name)); }
  // Names of the items in the order they started.
  std::vector<std::string> started() const {
    std::vector<std::string> out;
    for (const Event& e : h.of(EventType::ExecuteStart)) out.push_back(work_name(h.w, e.work));
    return out;
  }
  // Items the rescuers took (RescuerAssign), in order.
  std::vector<std::string> rescued() const {
    std::vector<std::string> out;
    for (const Event& e : h.of(EventType::RescuerAssign)) out.push_back(work_name(h.w, e.work));
    return out;
  }
  // Pool @p pool's worklist now, a mayday cursor shown as "c:<its workqueue>".
  std::vector<std::string> worklist(int32_t pool) const {
    std::vector<std::string> out;
    for (int32_t id : work_list_items(h.w.wq.works, h.w.wq.pools[static_cast<size_t>(pool)].worklist)) {
      const Work& wk = h.w.wq.works[static_cast<size_t>(id)];
      out.push_back(is_mayday_cursor(h.w, id) ? "c:" + wq_name(h.w, h.w.wq.pwqs[static_cast<size_t>(wk.pwq)].wq)
                                              : wk.name);
    }
    return out;
  }
  // The first @p n entries of pool @p pool's worklist.
  std::vector<std::string> head(int32_t pool, size_t n) const {
    std::vector<std::string> all = worklist(pool);
    all.resize(std::min(n, all.size()));
    return all;
  }
  int count(EventType t) const { return static_cast<int>(h.of(t).size()); }
};

// CPU 0's normal pool: pool 2 (the two BH pools of each CPU come first, as in the kernel).
constexpr int32_t kPool0 = 2;

// Three items of one WQ_MEM_RECLAIM workqueue queued on CPU 0 at 1 ms while a hog holds
// all memory: R1 sleeps 100 ms, R2 runs @p r2, R3 burns 5 ms; @p more adds [[at]] tables.
std::string three_items(const std::string& r2, const std::string& more = "") {
  return R"(
[machine]
cpus = 1
[[workqueue]]
name = "reclaim"
flags = ["WQ_MEM_RECLAIM"]
[[work]]
name = "R1"
program = ["sleep 100ms"]
[[work]]
name = "R2"
program = [")" + r2 + R"("]
[[work]]
name = "R3"
program = ["burn 5ms"]
[[at]]
time = "0ms"
do = ["hog all"]
[[at]]
time = "1ms"
do = ["queue_work reclaim R1 cpu=0", "queue_work reclaim R2 cpu=0", "queue_work reclaim R3 cpu=0"]
)" + more;
}

// (a) R2 burns 5 ms; memory never comes back.
const std::string kThreeItems = three_items("burn 5ms");

TEST(RescuerGenerations, ThreeItemsOneBlocking_v6_12_0_SlurpsAll) {
  Story s(kThreeItems, k0);
  s.h.run_until(ms(50));
  // 12 ms: the slurp takes R1, R2 and R3 off the worklist at once.
  EXPECT_TRUE(s.worklist(kPool0).empty());
  s.h.run_until(ms(400));
  EXPECT_EQ(s.rescued(), (std::vector<std::string>{"R1", "R2", "R3"}));
  EXPECT_EQ(s.h.times(EventType::RescuerAssign), (std::vector<Nanos>{ms(12), ms(12), ms(12)}));
  // Back to back on the rescuer: R1 12-112, R2 112-117, R3 117-122.
  EXPECT_EQ(s.start("R2"), ms(112));
  EXPECT_EQ(s.start("R3"), ms(117));
  EXPECT_EQ(s.ran_on("R3"), s.rescuer("reclaim"));
  // 120 ms: the worklist is empty, need_to_create_worker() is false: no second mayday,
  // and after R3 nr_active is 0: no requeue (0:3498). One pass.
  EXPECT_EQ(s.count(EventType::MaydaySent), 1);
  EXPECT_EQ(s.count(EventType::RescuerWake), 1);
  EXPECT_EQ(s.count(EventType::MaydayCursorPlace), 0);
}

TEST(RescuerGenerations, ThreeItemsOneBlocking_v6_12_118_OneByOne) {
  Story s(kThreeItems, k118);
  s.h.run_until(ms(50));
  // 12 ms: R1 taken, the cursor put just before R2 (where R1 was).
  EXPECT_EQ(s.worklist(kPool0), (std::vector<std::string>{"c:reclaim", "R2", "R3"}));
  s.h.run_until(ms(400));
  EXPECT_EQ(s.rescued(), (std::vector<std::string>{"R1", "R2", "R3"}));
  // One item per assign_rescuer_work(): R2 when R1 is done, R3 when R2 is done.
  EXPECT_EQ(s.h.times(EventType::RescuerAssign), (std::vector<Nanos>{ms(12), ms(112), ms(117)}));
  EXPECT_EQ(s.start("R2"), ms(112));
  EXPECT_EQ(s.start("R3"), ms(117));
  // 120 ms: R3 was taken at 117, the cursor stands alone at the tail, so the worklist is
  // not empty and need_to_create_worker() holds: send_mayday(cursor) queues the pwq again.
  const auto maydays = s.h.of(EventType::MaydaySent);
  ASSERT_EQ(maydays.size(), 2u);
  EXPECT_EQ(maydays[1].time, ms(120));
  EXPECT_TRUE(is_mayday_cursor(s.h.w, maydays[1].work));
  // 122 ms: after R3 nr_active is 0, the loop stops; the pwq is on wq->maydays, so the
  // cursor stays; the rescuer takes the pwq again, finds nothing (nr_active 0), and this
  // time removes the cursor.
  EXPECT_EQ(s.h.times(EventType::RescuerWake), (std::vector<Nanos>{ms(12), ms(122)}));
  const auto dels = s.h.of(EventType::MaydayCursorDel);
  ASSERT_EQ(dels.size(), 1u);
  EXPECT_EQ(dels[0].time, ms(122));
  EXPECT_EQ(dels[0].a, 0);  // by the rescuer
  EXPECT_TRUE(s.worklist(kPool0).empty());
  EXPECT_EQ(s.h.w.wq.pwqs[static_cast<size_t>(dels[0].pwq)].stats[PWQ_STAT_RESCUED], 3u);
}

// (c) As (a), but R2 burns 100 ms and memory comes back at 50 ms, while R1 sleeps on the
// rescuer.
const std::string kReleaseWhileRescuing = three_items("burn 100ms", "[[at]]\ntime = \"50ms\"\ndo = [\"release all\"]\n");

TEST(RescuerGenerations, ReleaseWhileRescuing_v6_12_0_RescuerRunsEverything) {
  Story s(kReleaseWhileRescuing, k0);
  s.h.run_until(ms(400));
  // R2 and R3 sit on the rescuer's scheduled list since 12 ms; at 50 ms the manager
  // creates its worker and finds the worklist empty. They run after R1, on the rescuer.
  EXPECT_EQ(s.ran_on("R2"), s.rescuer("reclaim"));
  EXPECT_EQ(s.ran_on("R3"), s.rescuer("reclaim"));
  EXPECT_EQ(s.start("R2"), ms(112));
  EXPECT_EQ(s.start("R3"), ms(212));
  EXPECT_EQ(s.count(EventType::MaydayCursorDel), 0);
}

TEST(RescuerGenerations, ReleaseWhileRescuing_v6_12_118_WorkersTakeOver) {
  Story s(kReleaseWhileRescuing, k118);
  s.h.run_until(ms(400));
  const int32_t manager = task_named(s.h.w, "kworker/0:0");
  // 50 ms: the manager's alloc_worker() succeeds, kworker/0:1 is created idle, and the
  // manager goes back to recheck: the head of the worklist is the cursor, which
  // assign_work() drops; keep_working() holds, so it takes R2 at once.
  const auto dels = s.h.of(EventType::MaydayCursorDel);
  ASSERT_EQ(dels.size(), 1u);
  EXPECT_EQ(dels[0].time, ms(50));
  EXPECT_EQ(dels[0].task, manager);
  EXPECT_EQ(dels[0].a, 1);  // by a worker
  EXPECT_EQ(s.ran_on("R2"), manager);
  EXPECT_EQ(s.start("R2"), ms(50));
  // R1's sleep ends at 112 ms but R2 burns the CPU until 150 ms (no preemption); then
  // the rescuer finishes R1 and asks assign_rescuer_work() for more: R3 is there and
  // active, but kworker/0:1 is idle, so need_to_create_worker() is false: the early stop.
  EXPECT_EQ(s.end("R1"), ms(150));
  EXPECT_EQ(s.rescued(), (std::vector<std::string>{"R1"}));
  EXPECT_EQ(s.h.times(EventType::RescuerDone), (std::vector<Nanos>{ms(150)}));
  // kick_pool() on the way out wakes the idle worker, which runs R3.
  EXPECT_NE(s.ran_on("R3"), s.rescuer("reclaim"));
  EXPECT_EQ(s.start("R3"), ms(150));
}

// (b) Twenty items of reclaim_a and five of reclaim_b, interleaved on CPU 0's worklist
// (A1 B1 A2 B2 ... A5 B5 A6 ... A20), each sleeping 2 ms; memory comes back at 19 ms.
std::string interleaved() {
  std::string t = R"(
[machine]
cpus = 1
[[workqueue]]
name = "reclaim_a"
flags = ["WQ_MEM_RECLAIM"]
[[workqueue]]
name = "reclaim_b"
flags = ["WQ_MEM_RECLAIM"]
)";
  std::string queue;
  for (int i = 1; i <= 20; ++i) {
    t += "[[work]]\nname = \"A" + std::to_string(i) + "\"\nprogram = [\"sleep 2ms\"]\n";
    queue += "\"queue_work reclaim_a A" + std::to_string(i) + " cpu=0\", ";
    if (i > 5) continue;
    t += "[[work]]\nname = \"B" + std::to_string(i) + "\"\nprogram = [\"sleep 2ms\"]\n";
    queue += "\"queue_work reclaim_b B" + std::to_string(i) + " cpu=0\", ";
  }
  t += "[[at]]\ntime = \"0ms\"\ndo = [\"hog all\"]\n";
  t += "[[at]]\ntime = \"1ms\"\ndo = [" + queue + "]\n";
  t += "[[at]]\ntime = \"19ms\"\ndo = [\"release all\"]\n";
  return t;
}

TEST(RescuerGenerations, TwoWorkqueuesInterleaved_v6_12_0_EachSlurpsItsOwn) {
  Story s(interleaved(), k0);
  s.h.run_until(ms(13));
  // 12 ms: one mayday round wakes both rescuers; each slurps all of its pwq's items.
  EXPECT_TRUE(s.worklist(kPool0).empty());
  s.h.run_until(ms(400));
  EXPECT_EQ(s.rescued().size(), 25u);
  for (const std::string& name : s.started())
    EXPECT_EQ(s.ran_on(name), s.rescuer(name[0] == 'A' ? "reclaim_a" : "reclaim_b")) << name;
  // Each runs its list back to back, sleeping 2 ms per item, from 12 ms.
  EXPECT_EQ(s.end("B5"), ms(22));
  EXPECT_EQ(s.end("A20"), ms(52));
}

TEST(RescuerGenerations, TwoWorkqueuesInterleaved_v6_12_118_CursorsLeapfrog) {
  Story s(interleaved(), k118);
  // 12 ms: R-A takes A1, its cursor goes where A1 was. R-B starts at the head, passes
  // reclaim_a's cursor (another pwq's entry), takes B1: its cursor goes before A2.
  s.h.run_until(ms(12));
  EXPECT_EQ(s.head(kPool0, 4), (std::vector<std::string>{"c:reclaim_a", "c:reclaim_b", "A2", "B2"}));
  // 14 ms: R-A searches after its cursor, passes R-B's, takes A2: its cursor moves
  // before B2 ([cB cA B2 A3 ...]); R-B does the same the other way round: after B2 its
  // cursor stands before A3 ([cA cB A3 B3 ...]).
  s.h.run_until(ms(14));
  std::vector<std::pair<std::string, std::string>> places;  // (workqueue, the entry after the cursor)
  for (const Event& e : s.h.of(EventType::MaydayCursorPlace))
    if (e.time == ms(14))
      places.emplace_back(wq_name(s.h.w, s.h.w.wq.pwqs[static_cast<size_t>(e.pwq)].wq), work_name(s.h.w, e.a));
  EXPECT_EQ(places, (std::vector<std::pair<std::string, std::string>>{{"reclaim_a", "B2"}, {"reclaim_b", "A3"}}));
  EXPECT_EQ(s.head(kPool0, 4), (std::vector<std::string>{"c:reclaim_a", "c:reclaim_b", "A3", "B3"}));
  s.h.run_until(ms(400));
  // Up to 18 ms the two take A1..A4 and B1..B4. At 19 ms memory is back: the manager
  // creates kworker/0:1, then meets both cursors at the head of the worklist and drops
  // them, and runs A5; each worker that sleeps in an item wakes an idle one, which
  // (none being left) becomes the manager and creates the next, until every item runs.
  EXPECT_EQ(s.rescued(), (std::vector<std::string>{"A1", "B1", "A2", "B2", "A3", "B3", "A4", "B4"}));
  const auto dels = s.h.of(EventType::MaydayCursorDel);
  ASSERT_EQ(dels.size(), 2u);
  for (const Event& e : dels) {
    EXPECT_EQ(e.time, ms(19));
    EXPECT_EQ(e.a, 1);
  }
  // 20 ms: A4 and B4 are done; each rescuer's next assign_rescuer_work() finds an idle
  // worker (need_to_create_worker() false) and stops.
  EXPECT_EQ(s.h.times(EventType::RescuerDone), (std::vector<Nanos>{ms(20), ms(20)}));
  EXPECT_EQ(s.started().size(), 25u);
  for (const char* name : {"A5", "B5", "A20"}) {
    EXPECT_NE(s.ran_on(name), s.rescuer("reclaim_a")) << name;
    EXPECT_NE(s.ran_on(name), s.rescuer("reclaim_b")) << name;
    EXPECT_EQ(s.start(name), ms(19)) << name;
  }
}

// (d) Twenty items on CPU 0 and three on CPU 1, all of one per-CPU WQ_MEM_RECLAIM
// workqueue (two pwqs, one rescuer); each burns 2 ms.
std::string batch(bool second_cpu) {
  std::string t = R"(
[machine]
cpus = 2
[[workqueue]]
name = "reclaim"
flags = ["WQ_MEM_RECLAIM"]
)";
  std::string a, c;
  for (int i = 1; i <= 20; ++i) {
    t += "[[work]]\nname = \"A" + std::to_string(i) + "\"\nprogram = [\"burn 2ms\"]\n";
    a += "\"queue_work reclaim A" + std::to_string(i) + " cpu=0\", ";
  }
  for (int i = 1; i <= 3; ++i) {
    t += "[[work]]\nname = \"C" + std::to_string(i) + "\"\nprogram = [\"burn 2ms\"]\n";
    c += "\"queue_work reclaim C" + std::to_string(i) + " cpu=1\", ";
  }
  t += "[[at]]\ntime = \"0ms\"\ndo = [\"hog all\"]\n";
  t += "[[at]]\ntime = \"1ms\"\ndo = [" + a + "]\n";
  if (second_cpu) t += "[[at]]\ntime = \"2ms\"\ndo = [" + c + "]\n";
  return t;
}

std::vector<std::string> names(const std::string& prefix, int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i <= to; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

TEST(RescuerGenerations, MoreThanABatch_v6_12_0_WholePwqFirst) {
  Story s(batch(true), k0);
  s.h.run_until(ms(400));
  // CPU 1's pool starves from 2 ms (mayday at 13 ms: pwq1 waits on wq->maydays); the
  // rescuer slurped all of pwq0 at 12 ms and runs it all: A1..A20, then C1..C3.
  std::vector<std::string> order = names("A", 1, 20);
  for (const std::string& c : names("C", 1, 3)) order.push_back(c);
  EXPECT_EQ(s.started(), order);
  EXPECT_EQ(s.start("C1"), ms(52));
  EXPECT_EQ(s.count(EventType::RescuerBatch), 0);
}

TEST(RescuerGenerations, MoreThanABatch_v6_12_118_OtherPwqAfterTheSeventeenth) {
  Story s(batch(true), k118);
  s.h.run_until(ms(400));
  // ++count > RESCUER_BATCH: the test first holds after the 17th item (A17 ends at
  // 12 + 17 * 2 = 46 ms); pwq1 is on wq->maydays, pwq0 still has active items and its
  // pool still needs a worker: pwq0 goes to the tail of wq->maydays, its cursor stays
  // before A18, and the rescuer serves pwq1 (C1..C3), then comes back for A18..A20.
  std::vector<std::string> order = names("A", 1, 17);
  for (const std::string& c : names("C", 1, 3)) order.push_back(c);
  for (const std::string& a : names("A", 18, 20)) order.push_back(a);
  EXPECT_EQ(s.started(), order);
  const auto batches = s.h.of(EventType::RescuerBatch);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].time, ms(46));
  EXPECT_EQ(batches[0].a, 17);
  EXPECT_EQ(batches[0].b, 1);  // put back on wq->maydays
  EXPECT_EQ(s.start("C1"), ms(46));
  EXPECT_EQ(s.start("A18"), ms(52));
  // The cursor was kept across the break: no removal until each pwq is done.
  EXPECT_EQ(s.h.times(EventType::MaydayCursorDel), (std::vector<Nanos>{ms(52), ms(58)}));
}

TEST(RescuerGenerations, MoreThanABatch_v6_12_118_NoBreakWithoutAnotherPwq) {
  Story s(batch(false), k118);
  s.h.run_until(ms(400));
  // Past 16 items, but wq->maydays is empty (the workqueue's only starving pwq is the
  // one being served): no break, A1..A20 in one turn.
  EXPECT_EQ(s.started(), names("A", 1, 20));
  EXPECT_EQ(s.count(EventType::RescuerBatch), 0);
  EXPECT_EQ(s.count(EventType::RescuerWake), 1);
}

// Lab 06's one-workqueue deadlock: A waits for a completion B signals, both on one
// WQ_MEM_RECLAIM workqueue, memory hogged, 65 s.
TEST(RescuerGenerations, Lab06OneWorkqueueDeadlock) {
  const std::string lab = source_file("labs/06-dependent-reclaim/one-wq.toml");
  Story old(lab, k0);
  old.h.run_until(ms(65'000));
  // v6.12.0: the slurp takes A and B (2 rescued); A waits forever, B never starts; the
  // worklist is empty, so neither the mayday timer (need_to_create_worker() false) nor
  // the watchdog (it skips pools with an empty worklist, 0:7541) speaks again.
  EXPECT_EQ(old.rescued(), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(old.start("B"), -1);
  EXPECT_EQ(old.count(EventType::MaydaySent), 1);
  EXPECT_EQ(old.count(EventType::WatchdogLockup), 0);

  Story now(lab, k118);
  now.h.run_until(ms(65'000));
  // 6.12.118: the rescuer takes A only; B stays behind the cursor ([cursor, B]). At
  // 120 ms the timer finds the pool starving and sends a mayday through the cursor (the
  // pwq was off wq->maydays); the rescuer never comes back from A, so the pwq stays
  // queued and later rounds add nothing. The worklist is not empty, so the watchdog
  // reports: its 30 s timer lands at jiffy 30208, again at 60416 (pool_ts is 12 ms, when
  // the rescuer started A: "stuck for 30s", "60s").
  EXPECT_EQ(now.rescued(), (std::vector<std::string>{"A"}));
  EXPECT_EQ(now.start("B"), -1);
  EXPECT_EQ(now.worklist(kPool0), (std::vector<std::string>{"c:reclaim", "B"}));
  EXPECT_EQ(now.count(EventType::MaydaySent), 2);
  const auto lockups = now.h.of(EventType::WatchdogLockup);
  ASSERT_EQ(lockups.size(), 2u);
  EXPECT_EQ(lockups[0].time, ms(30'208));
  EXPECT_EQ(lockups[0].a, 30);
  EXPECT_EQ(lockups[1].time, ms(60'416));
  EXPECT_EQ(lockups[1].a, 60);
  // show_pwq() lists the cursor under pending, before B (118:6321-6340).
  std::vector<int32_t> pending;
  for (const Event& e : now.h.of(EventType::DumpPending))
    if (e.time == ms(30'208)) pending.push_back(e.work);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_TRUE(is_mayday_cursor(now.h.w, pending[0]));
  EXPECT_EQ(pending[1], now.work("B"));
}

// Where the rescuer stands after each statement of its loop, per generation: the lines
// of both listings, put_pwq() in v6.12.0 and put_pwq_unlocked() in 6.12.118
// ("workqueue: Put the pwq after detaching the rescuer from the pool", 6.12.16).
TEST(RescuerGenerations, EveryRescuerLabelHasItsLine) {
  struct Row {
    WorkerLabel label;
    const char* v6_12_0;
    const char* v6_12_118;
  };
  const Row rows[] = {
      {WorkerLabel::RescuerAttach, "rescuer_thread:attach", "rescuer_thread:attach"},
      {WorkerLabel::RescuerSlurp, "rescuer_thread:slurp", "rescuer_thread:slurp"},
      {WorkerLabel::RescuerAssign, "rescuer_thread:assign_rescuer_work > assign_rescuer_work:need_rescue",
       "rescuer_thread:assign_rescuer_work > assign_rescuer_work:need_rescue"},
      {WorkerLabel::RescuerRequeue, "rescuer_thread:requeue", "rescuer_thread:requeue"},
      {WorkerLabel::RescuerBatch, "rescuer_thread:batch", "rescuer_thread:batch"},
      {WorkerLabel::RescuerCursorDel, "rescuer_thread:cursor_del", "rescuer_thread:cursor_del"},
      {WorkerLabel::RescuerPutPwq, "rescuer_thread:put_pwq", "rescuer_thread:put_pwq_unlocked"},
      {WorkerLabel::RescuerKick, "rescuer_thread:kick", "rescuer_thread:kick"},
      {WorkerLabel::RescuerDetach, "rescuer_thread:detach", "rescuer_thread:detach"},
  };
  for (const KernelGeneration g : {k0, k118}) {
    Story s(kThreeItems, g);
    const int32_t task = s.rescuer("reclaim");
    Worker& r = s.h.w.wq.workers[static_cast<size_t>(s.h.w.tasks[static_cast<size_t>(task)].worker)];
    for (const Row& row : rows) {
      r.label = row.label;
      EXPECT_EQ(position_text(code_position(s.h.w, task)), g == k0 ? row.v6_12_0 : row.v6_12_118);
    }
  }
}

// After worker_attach_to_pool() the rescuer may have to move to the pool's CPU first: it
// waits there at the next statement, the slurp (v6.12.0) or assign_rescuer_work() (6.12.118).
TEST(RescuerGenerations, WaitingForThePoolsCpuAfterAttaching) {
  for (const KernelGeneration g : {k0, k118}) {
    Story s(batch(true), g);
    const auto attached = s.h.run_to_event(
        [&](const Event& e) { return e.type == EventType::RescuerAttach && e.pool != kPool0; }, ms(400));
    ASSERT_TRUE(attached.has_value());
    const int32_t task = s.rescuer("reclaim");
    EXPECT_TRUE(s.h.w.tasks[static_cast<size_t>(task)].on_rq);
    EXPECT_EQ(position_text(code_position(s.h.w, task)),
              g == k0 ? "rescuer_thread:slurp" : "rescuer_thread:assign_rescuer_work > assign_rescuer_work:need_rescue");
  }
}

// The invariant checker accepts a cursor where the kernel keeps it (INACTIVE, on its
// pool's worklist or on no list) and still catches everything else.
TEST(RescuerGenerations, InvariantsAcceptTheCursorOnly) {
  Story s(kThreeItems, k118);
  s.h.run_until(ms(50));  // [cursor, R2, R3]
  ASSERT_EQ(check_invariants(s.h.w), "");
  const int32_t cursor = s.h.w.wq.pools[kPool0].worklist.first;
  ASSERT_TRUE(is_mayday_cursor(s.h.w, cursor));
  {  // an item that is not a cursor may not be INACTIVE on the worklist
    World w = s.h.w;
    w.wq.works[static_cast<size_t>(s.work("R2"))].data |= WORK_STRUCT_INACTIVE;
    EXPECT_NE(check_invariants(w), "");
  }
  {  // the cursor is not an item: it must keep INACTIVE
    World w = s.h.w;
    w.wq.works[static_cast<size_t>(cursor)].data &= ~WORK_STRUCT_INACTIVE;
    EXPECT_NE(check_invariants(w), "");
  }
  {  // it lives on its pool's worklist only, never on a worker's scheduled list
    World w = s.h.w;
    Work& c = w.wq.works[static_cast<size_t>(cursor)];
    work_list_del(w.wq.works, w.wq.pools[kPool0].worklist, cursor);
    const int32_t rescuer = w.tasks[static_cast<size_t>(s.rescuer("reclaim"))].worker;
    work_list_add_tail(w.wq.works, w.wq.workers[static_cast<size_t>(rescuer)].scheduled,
                       WorkListKind::WorkerScheduled, rescuer, cursor);
    EXPECT_NE(c.entry.kind, WorkListKind::PoolWorklist);
    EXPECT_NE(check_invariants(w), "");
  }
  {  // off every list is fine (between rescues)
    World w = s.h.w;
    work_list_del(w.wq.works, w.wq.pools[kPool0].worklist, cursor);
    EXPECT_EQ(check_invariants(w), "");
  }
}

}  // namespace
}  // namespace cmwq::test
