// `cmwq import`: ftrace text read into a synthetic World and our event stream (import.h).
#include "core/trace/import.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/trace/import_line.h"
#include "core/workqueue/constants.h"

namespace cmwq {
namespace {

constexpr int kMaxImportedPools = 1024;  // unbound pool ids above this are not believed

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The function name without the " [module]" that %ps adds for module code.
std::string_view plain_function(std::string_view f) { return f.substr(0, f.find(' ')); }

// What a kworker's comm says: kworker/CPU:ID[H], kworker/uPOOL:ID, kworker/R-WQNAME.
struct KworkerName {
  enum Kind : uint8_t { PerCpu, Unbound, Rescuer } kind = PerCpu;
  int number = 0;  // CPU or unbound pool id
  int id = -1;     // worker id in the pool
  bool highpri = false;
  std::string_view rescues;  // the first characters of the rescued workqueue's name
};

std::optional<KworkerName> parse_kworker(std::string_view c) {
  if (!starts_with(c, "kworker/")) return std::nullopt;
  c.remove_prefix(8);
  KworkerName k;
  if (starts_with(c, "R-")) {
    k.kind = KworkerName::Rescuer;
    k.rescues = c.substr(2);
    return k.rescues.empty() ? std::nullopt : std::optional<KworkerName>(k);
  }
  if (starts_with(c, "u")) {
    k.kind = KworkerName::Unbound;
    c.remove_prefix(1);
  }
  const size_t colon = c.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view id = c.substr(colon + 1);
  id = id.substr(0, id.find('-'));  // a "-desc" suffix, as /proc shows it
  if (k.kind == KworkerName::PerCpu && !id.empty() && id.back() == 'H') {
    k.highpri = true;
    id.remove_suffix(1);
  }
  const std::optional<int64_t> n = parse_trace_int(c.substr(0, colon)), i = parse_trace_int(id);
  if (!n || !i || *n < 0 || *i < 0 || *n >= kMaxImportedPools || *i > INT32_MAX) return std::nullopt;
  k.number = static_cast<int>(*n);
  k.id = static_cast<int>(*i);
  return k;
}

// The parts of the text that say where the run is: markers and sections.
struct RunMarks {
  std::optional<Nanos> t0;   // cmwq-begin's t0
  std::optional<Nanos> end;  // cmwq-end's timestamp
  std::string name;
  int begin_line = 0;
  std::map<std::string, std::string, std::less<>> work_names;  // work struct address -> name
};

class Importer {
 public:
  Importer(std::string_view text, const std::string& file, const ImportOptions& o) : text_(text), file_(file), o_(o) {}
  TraceImport run();

 private:
  bool fail(int line, int column, const std::string& message) {
    if (!error_) error_ = ScenarioError{file_, {line, column}, message};
    return false;
  }
  bool read_lines();
  bool read_marker(const TraceLine& l);
  void note_cpus(const TraceLine& l);
  void make_world();
  bool add_event(const TraceLine& l);
  bool sched_switch(const TraceLine& l, FieldReader& f);
  bool sched_wakeup(const TraceLine& l, FieldReader& f);
  bool task_newtask(const TraceLine& l, FieldReader& f);
  bool queue_work(const TraceLine& l, FieldReader& f);
  bool work_event(const TraceLine& l, FieldReader& f, EventType type);
  bool mayday_timer(const TraceLine& l, FieldReader& f, bool start);
  void op_marker(const TraceLine& l, size_t at);
  void block(const TraceLine& l, int32_t task, OpCode op);
  void unblock(const TraceLine& l, int32_t task);
  void finish();

  int32_t task_for(int pid, std::string_view comm, std::optional<int64_t> prio = std::nullopt);
  void make_worker(int32_t task, const KworkerName& k);
  int32_t pool_of_unbound(int id);
  int32_t wq_for(std::string_view name);
  int32_t pwq_for(int32_t wq, int32_t pool);
  int32_t work_for(std::string_view addr, std::string_view function);
  int32_t worker_pool(int32_t task) const;
  Event& add(EventType type, const TraceLine& l);

  std::string_view text_;
  const std::string& file_;
  const ImportOptions& o_;
  std::optional<ScenarioError> error_;
  std::vector<TraceLine> lines_;
  RunMarks marks_;
  int cpus_ = 1;
  Nanos origin_ = 0;
  bool emitting_ = false;  // past the run's start: events are kept
  ImportedTrace out_;
  std::map<int, int32_t> tasks_;                           // pid -> task
  std::map<int, int32_t> unbound_pools_;                   // kernel pool id -> ours
  std::map<std::string, int32_t, std::less<>> wqs_, works_, programs_, timers_;
  std::map<std::pair<int32_t, int32_t>, int32_t> pwqs_;    // (wq, pool) -> pwq
  std::map<std::string, int, std::less<>> function_uses_;  // works named after a function so far
  std::vector<int32_t> queued_pwq_;                        // per work: pwq of its last queueing
  std::vector<int32_t> running_;                           // per task: work it executes, or -1
  std::vector<bool> blocked_;                              // per task: blocked inside that work
  std::vector<bool> woken_;                                // per task: woken since it blocked
  std::vector<OpCode> blocked_op_;                         // per task: the operation it blocked in
  std::vector<bool> marked_;                               // per task: that operation has a cmwq-op marker
  std::map<int32_t, std::string> rescues_;                 // rescuer worker -> start of its workqueue's name
};

// --- pass 1: the lines, the markers, the CPUs ---------------------------------------------------

bool Importer::read_marker(const TraceLine& l) {
  const std::string_view f = l.fields;
  const auto word = [&](size_t from) {
    const size_t s = f.find_first_not_of(' ', from);
    if (s == std::string_view::npos) return std::string_view();
    return f.substr(s, f.find(' ', s) == std::string_view::npos ? std::string_view::npos : f.find(' ', s) - s);
  };
  if (size_t at = f.find("cmwq-begin "); at != std::string_view::npos) {
    if (marks_.t0)
      return fail(l.line, l.fields_column + static_cast<int>(at),
                  "a second run begins here (the first at line " + std::to_string(marks_.begin_line) +
                      "): choose one with --section NAME");
    marks_.name = std::string(word(at + 11));
    const size_t t0 = f.find("t0=", at);
    const std::optional<int64_t> v = t0 == std::string_view::npos ? std::nullopt : parse_trace_int(word(t0 + 3));
    marks_.t0 = v && *v >= 0 ? *v : l.ts;
    marks_.begin_line = l.line;
  } else if (size_t w = f.find("cmwq-work "); w != std::string_view::npos) {
    const std::string_view name = word(w + 10);
    const std::string_view addr = word(w + 10 + name.size() + 1);
    if (!name.empty() && !addr.empty()) marks_.work_names[std::string(addr)] = std::string(name);
  } else if (f.find("cmwq-end") != std::string_view::npos) {
    marks_.end = l.ts;
  }
  return true;
}

void Importer::note_cpus(const TraceLine& l) {
  cpus_ = std::max(cpus_, std::min(l.cpu, NR_CPUS - 1) + 1);
  const size_t t = l.fields.find("target_cpu=");
  if (t == std::string_view::npos) return;
  const std::optional<int64_t> c = parse_trace_int(l.fields.substr(t + 11, l.fields.find(' ', t) - t - 11));
  if (c && *c >= 0 && *c < NR_CPUS) cpus_ = std::max(cpus_, static_cast<int>(*c) + 1);
}

bool Importer::read_lines() {
  bool inside = o_.section.empty(), found = o_.section.empty();
  int number = 0;
  for (size_t start = 0; start < text_.size();) {
    const size_t nl = std::min(text_.find('\n', start), text_.size());
    const std::string_view raw = text_.substr(start, nl - start);
    start = nl + 1;
    ++number;
    TraceLine l;
    std::string message;
    int column = 1;
    const LineKind kind = split_trace_line(raw, number, l, message, column);
    if (kind == LineKind::Section && !o_.section.empty()) {
      const bool begins = starts_with(raw, "=== cmwq-trace " + o_.section + " ") || raw == "=== cmwq-trace " + o_.section;
      if (begins) found = inside = true;
      else if (starts_with(raw, "=== cmwq-trace-end")) inside = false;
    }
    if (!inside || kind == LineKind::Ignored || kind == LineKind::Section) continue;
    if (kind == LineKind::Bad) return fail(number, column, message);
    if (l.cpu >= NR_CPUS) return fail(number, 1, "CPU " + std::to_string(l.cpu) + " is beyond the model's 256");
    if (!read_marker(l)) return false;
    note_cpus(l);
    lines_.push_back(l);
  }
  if (!found) return fail(1, 1, "no section `=== cmwq-trace " + o_.section + "` in this file");
  return true;
}

// --- pass 2: the world and the events ------------------------------------------------------------

void Importer::make_world() {
  World& w = out_.world;
  w.config.cpus = cpus_;
  w.config.hz = o_.hz;
  w.jif.hz = o_.hz;
  w.cpus.resize(static_cast<size_t>(cpus_));
  for (int c = 0; c < cpus_; ++c) {
    std::array<int32_t, NR_STD_WORKER_POOLS> ids{};
    for (int h = 0; h < NR_STD_WORKER_POOLS; ++h) {
      WorkerPool p;
      p.id = static_cast<int32_t>(w.wq.pools.size());
      p.cpu = c;
      p.attrs.nice = h ? HIGHPRI_NICE_LEVEL : 0;
      p.attrs.cpumask = CpuMask::of(c);
      ids[static_cast<size_t>(h)] = p.id;
      w.wq.pools.push_back(p);
    }
    w.wq.cpu_pools.push_back(ids);
  }
}

int32_t Importer::pool_of_unbound(int id) {
  const auto it = unbound_pools_.find(id);
  if (it != unbound_pools_.end()) return it->second;
  World& w = out_.world;
  WorkerPool p;
  p.id = static_cast<int32_t>(w.wq.pools.size());
  p.flags = POOL_DISASSOCIATED;
  p.attrs.cpumask = CpuMask::first_n(cpus_);
  p.attrs.pod_cpumask = p.attrs.cpumask;
  w.wq.pools.push_back(p);
  w.wq.unbound_pools.push_back(p.id);
  unbound_pools_[id] = p.id;
  return p.id;
}

void Importer::make_worker(int32_t task, const KworkerName& k) {
  World& w = out_.world;
  Worker wk;
  wk.task = task;
  wk.id = k.kind == KworkerName::Rescuer ? -1 : k.id;
  wk.flags = k.kind == KworkerName::Rescuer ? WORKER_PREP : 0;
  if (k.kind == KworkerName::PerCpu && k.number < cpus_)
    wk.pool = w.wq.cpu_pools[static_cast<size_t>(k.number)][k.highpri ? 1 : 0];
  else if (k.kind == KworkerName::Unbound)
    wk.pool = pool_of_unbound(k.number);
  Task& t = w.tasks[static_cast<size_t>(task)];
  t.kind = k.kind == KworkerName::Rescuer ? TaskKind::Rescuer : TaskKind::Worker;
  t.flags |= PF_WQ_WORKER;
  t.worker = static_cast<int32_t>(w.wq.workers.size());
  if (wk.pool >= 0) {
    WorkerPool& p = w.wq.pools[static_cast<size_t>(wk.pool)];
    p.workers.push_back(t.worker);
    ++p.nr_workers;
  }
  if (k.kind == KworkerName::Rescuer) rescues_[t.worker] = std::string(k.rescues);  // resolved in finish()
  w.wq.workers.push_back(wk);
}

int32_t Importer::task_for(int pid, std::string_view comm, std::optional<int64_t> prio) {
  if (pid <= 0) return -1;  // the idle task (swapper/N, <idle>)
  World& w = out_.world;
  auto it = tasks_.find(pid);
  if (it == tasks_.end()) {
    Task t;
    t.pid = pid;
    t.kind = TaskKind::Caller;  // not a workqueue thread unless its comm says so
    t.state = TaskState::Running;
    it = tasks_.emplace(pid, static_cast<int32_t>(w.tasks.size())).first;
    w.tasks.push_back(t);
    running_.push_back(-1);
    blocked_.push_back(false);
    woken_.push_back(false);
    blocked_op_.push_back(OpCode::Sleep);
    marked_.push_back(false);
  }
  const int32_t id = it->second;
  Task& t = w.tasks[static_cast<size_t>(id)];
  if (!comm.empty() && comm != "<...>" && t.comm != comm) {
    t.comm = std::string(comm);
    if (t.worker < 0)
      if (const std::optional<KworkerName> k = parse_kworker(comm)) make_worker(id, *k);
  }
  if (prio && *prio >= 0 && *prio < 140) {
    Task& again = w.tasks[static_cast<size_t>(id)];
    again.rt_priority = *prio < 100 ? static_cast<int>(99 - *prio) : 0;
    again.nice = *prio >= 100 ? static_cast<int>(*prio - 120) : 0;
  }
  return id;
}

int32_t Importer::wq_for(std::string_view name) {
  const auto it = wqs_.find(name);
  if (it != wqs_.end()) return it->second;
  World& w = out_.world;
  Workqueue q;
  q.id = static_cast<int32_t>(w.wq.wqs.size());
  q.name = std::string(name);
  w.wq.wqs.push_back(q);
  wqs_.emplace(std::string(name), q.id);
  return q.id;
}

int32_t Importer::pwq_for(int32_t wq, int32_t pool) {
  if (wq < 0 || pool < 0) return -1;
  const auto it = pwqs_.find({wq, pool});
  if (it != pwqs_.end()) return it->second;
  World& w = out_.world;
  PoolWorkqueue p;
  p.id = static_cast<int32_t>(w.wq.pwqs.size());
  p.pool = pool;
  p.wq = wq;
  w.wq.pwqs.push_back(p);
  w.wq.wqs[static_cast<size_t>(wq)].pwqs.push_back(p.id);
  pwqs_[{wq, pool}] = p.id;
  return p.id;
}

// A work per work struct address, named by its marker, else by its function ("f", "f#2").
int32_t Importer::work_for(std::string_view addr, std::string_view function) {
  const auto it = works_.find(addr);
  if (it != works_.end()) return it->second;
  World& w = out_.world;
  const std::string func = function.empty() ? "?" : std::string(function);
  auto prog = programs_.find(func);
  if (prog == programs_.end()) {
    w.programs.push_back(Program{func, {}});
    prog = programs_.emplace(func, static_cast<int32_t>(w.programs.size() - 1)).first;
  }
  Work wk;
  const auto marked = marks_.work_names.find(addr);
  if (marked != marks_.work_names.end()) {
    wk.name = marked->second;
  } else {
    const std::string base(plain_function(func));
    const int n = ++function_uses_[base];
    wk.name = n == 1 ? base : base + "#" + std::to_string(n);
  }
  wk.program = prog->second;
  w.wq.works.push_back(wk);
  queued_pwq_.push_back(-1);
  works_.emplace(std::string(addr), static_cast<int32_t>(w.wq.works.size() - 1));
  return static_cast<int32_t>(w.wq.works.size() - 1);
}

int32_t Importer::worker_pool(int32_t task) const {
  const World& w = out_.world;
  if (task < 0) return -1;
  const Task& t = w.tasks[static_cast<size_t>(task)];
  return t.worker >= 0 ? w.wq.workers[static_cast<size_t>(t.worker)].pool : -1;
}

Event& Importer::add(EventType type, const TraceLine& l) {
  Event e;
  e.time = l.ts - origin_;
  e.seq = out_.events.size();
  e.type = type;
  e.cpu = static_cast<int16_t>(l.cpu);
  out_.events.push_back(e);
  return out_.events.back();
}

bool Importer::sched_switch(const TraceLine& l, FieldReader& f) {
  const auto prev_comm = f.text("prev_comm", "prev_pid");
  const auto prev_pid = f.number("prev_pid");
  const auto prev_prio = f.number("prev_prio");
  const auto state = f.text("prev_state", nullptr);
  const auto next_comm = f.text("next_comm", "next_pid");
  const auto next_pid = f.number("next_pid");
  const auto next_prio = f.number("next_prio");
  if (f.error() || *prev_pid < 0 || *prev_pid > INT32_MAX || *next_pid < 0 || *next_pid > INT32_MAX) return false;
  const int32_t prev = task_for(static_cast<int>(*prev_pid), *prev_comm, prev_prio);
  const int32_t next = task_for(static_cast<int>(*next_pid), *next_comm, next_prio);
  if (!emitting_) return true;
  const char st = prev < 0 || state->empty() ? 'R' : (*state)[0];
  // Without a cmwq-op marker, a work's task leaving the CPU asleep is where it blocked.
  if (prev >= 0 && st != 'R' && !blocked_[static_cast<size_t>(prev)]) block(l, prev, OpCode::Sleep);
  Event& e = add(EventType::SchedSwitch, l);
  e.task = prev;
  e.a = next;
  e.b = st;
  // Back on the CPU after its wake-up, where no cmwq-op-done marker says when the operation ended.
  if (next >= 0 && blocked_[static_cast<size_t>(next)] && woken_[static_cast<size_t>(next)] &&
      !marked_[static_cast<size_t>(next)])
    unblock(l, next);
  return true;
}

void Importer::unblock(const TraceLine& l, int32_t task) {
  const size_t t = static_cast<size_t>(task);
  if (!blocked_[t]) return;
  Event& done = add(EventType::WorkOpDone, l);
  done.task = task;
  done.work = running_[t];
  done.a = static_cast<int64_t>(blocked_op_[t]);
  done.b = -1;
  blocked_[t] = woken_[t] = marked_[t] = false;
}

// The task begins a blocking operation inside the work it runs: a WorkOp.
void Importer::block(const TraceLine& l, int32_t task, OpCode op) {
  const size_t t = static_cast<size_t>(task);
  if (running_[t] < 0) return;
  Event& e = add(EventType::WorkOp, l);
  e.task = task;
  e.work = running_[t];
  e.a = static_cast<int64_t>(op);
  e.b = -1;  // the program counter is not traced
  blocked_[t] = true;
  woken_[t] = false;
  blocked_op_[t] = op;
}

// "cmwq-op NAME sleep|wait|flush_work": cmwq_replay's work NAME begins an operation that
// may block; "cmwq-op-done NAME": it returns.
void Importer::op_marker(const TraceLine& l, size_t at) {
  const int32_t task = task_for(l.pid, l.comm);
  if (!emitting_ || task < 0 || running_[static_cast<size_t>(task)] < 0 || at + 8 > l.fields.size()) return;
  const std::string_view rest = l.fields.substr(at + 8);
  if (l.fields.substr(at, 13) == "cmwq-op-done ") {
    unblock(l, task);
    return;
  }
  const std::string_view op = rest.substr(rest.find(' ') == std::string_view::npos ? rest.size() : rest.find(' ') + 1);
  const OpCode code = op == "wait" ? OpCode::Wait : op == "flush_work" ? OpCode::FlushWork : OpCode::Sleep;
  block(l, task, code);
  marked_[static_cast<size_t>(task)] = true;
}

bool Importer::sched_wakeup(const TraceLine& l, FieldReader& f) {
  const auto comm = f.text("comm", "pid");
  const auto pid = f.number("pid");
  const auto prio = f.number("prio");
  const auto cpu = f.number("target_cpu");
  if (f.error() || *pid < 0 || *pid > INT32_MAX) return false;
  if (*cpu < 0 || *cpu >= cpus_) {
    f.fail("sched_wakeup: target_cpu " + std::to_string(*cpu) + " is not a CPU of this trace");
    return false;
  }
  const int32_t task = task_for(static_cast<int>(*pid), *comm, prio);
  if (!emitting_) return true;
  if (task >= 0 && blocked_[static_cast<size_t>(task)]) woken_[static_cast<size_t>(task)] = true;
  Event& e = add(EventType::SchedWakeup, l);
  e.task = task;
  e.cpu = static_cast<int16_t>(*cpu);
  return true;
}

bool Importer::task_newtask(const TraceLine& l, FieldReader& f) {
  const auto pid = f.number("pid");
  const auto comm = f.text("comm", "clone_flags");
  if (f.error() || *pid < 0 || *pid > INT32_MAX) return false;
  const int32_t task = task_for(static_cast<int>(*pid), *comm);
  if (!emitting_ || task < 0) return true;
  Event& e = add(EventType::TaskNew, l);
  e.task = task;
  const Task& t = out_.world.tasks[static_cast<size_t>(task)];
  if (t.worker < 0) return true;
  const Worker& wk = out_.world.wq.workers[static_cast<size_t>(t.worker)];
  Event& c = add(EventType::WorkerCreated, l);
  c.task = task;
  c.pool = wk.pool;
  c.a = wk.id;
  c.b = t.kind == TaskKind::Rescuer ? 1 : 0;
  return true;
}

bool Importer::queue_work(const TraceLine& l, FieldReader& f) {
  const auto addr = f.text("work struct", "function");
  const auto func = f.text("function", "workqueue");
  const auto wq_name = f.text("workqueue", "req_cpu");
  const auto req = f.number("req_cpu");
  const auto cpu = f.number("cpu");
  if (f.error()) return false;
  const int32_t task = task_for(l.pid, l.comm);
  const int32_t work = work_for(*addr, *func), wq = wq_for(*wq_name);
  const int32_t pool = *cpu >= 0 && *cpu < cpus_ ? out_.world.wq.cpu_pools[static_cast<size_t>(*cpu)][0] : -1;
  queued_pwq_[static_cast<size_t>(work)] = pwq_for(wq, pool);
  if (!emitting_) return true;
  Event& e = add(EventType::QueueWork, l);
  e.task = task;
  e.work = work;
  e.wq = wq;
  e.pool = pool;
  e.pwq = queued_pwq_[static_cast<size_t>(work)];
  e.a = *req;
  e.b = *cpu;
  return true;
}

// workqueue_activate_work ("work struct A function=F"), _execute_start and _end
// ("work struct A: function F").
bool Importer::work_event(const TraceLine& l, FieldReader& f, EventType type) {
  const auto addr = f.word_after("work struct ");
  if (f.error()) return false;
  const size_t fn = l.fields.find("function");
  const bool named = fn != std::string_view::npos && fn + 9 <= l.fields.size();
  const std::string_view func = named ? l.fields.substr(fn + 9) : std::string_view();  // "function=F" or "function F"
  const int32_t task = task_for(l.pid, l.comm);
  const int32_t work = work_for(*addr, func);
  const int32_t queued = queued_pwq_[static_cast<size_t>(work)];
  // Copied, not referenced: pwq_for() below may grow the pwqs table (reference lifetime,
  // core/world.h; fuzzing found the dangling read).
  const int32_t queued_wq = queued >= 0 ? out_.world.wq.pwqs[static_cast<size_t>(queued)].wq : -1;
  int32_t pool = queued >= 0 ? out_.world.wq.pwqs[static_cast<size_t>(queued)].pool : -1, pwq = queued;
  if (type != EventType::ActivateWork && worker_pool(task) >= 0 && worker_pool(task) != pool) {
    pool = worker_pool(task);  // an unbound or highpri pool the queueing could not tell
    pwq = queued >= 0 ? pwq_for(queued_wq, pool) : -1;
  }
  if (task >= 0 && type != EventType::ActivateWork) {
    running_[static_cast<size_t>(task)] = type == EventType::ExecuteStart ? work : -1;
    blocked_[static_cast<size_t>(task)] = woken_[static_cast<size_t>(task)] = marked_[static_cast<size_t>(task)] = false;
  }
  if (!emitting_) return true;
  Event& e = add(type, l);
  e.task = type == EventType::ActivateWork ? -1 : task;
  e.work = work;
  e.pool = pool;
  e.pwq = pwq;
  e.wq = queued_wq;
  return true;
}

// timer_start / timer_expire_entry of pool_mayday_timeout; other timers are skipped.
bool Importer::mayday_timer(const TraceLine& l, FieldReader& f, bool start) {
  const auto timer = f.text("timer", "function");
  const auto func = f.text("function", start ? "expires" : "now");
  if (f.error()) return false;
  if (plain_function(*func) != "pool_mayday_timeout") {
    ++out_.skipped;
    return true;
  }
  int32_t pool = start ? worker_pool(task_for(l.pid, l.comm)) : -1;
  const auto known = timers_.find(*timer);
  if (pool < 0) pool = known != timers_.end() ? known->second : out_.world.wq.cpu_pools[static_cast<size_t>(l.cpu)][0];
  timers_[std::string(*timer)] = pool;
  if (!start) {
    if (emitting_) {
      Event& e = add(EventType::MaydayTimeout, l);
      e.pool = pool;
      e.a = 1;  // it fires only while the pool needs a worker (a mayday timer is stopped otherwise)
    }
    return true;
  }
  const auto expires = f.number("expires");
  const auto timeout = f.number("timeout");
  if (f.error()) return false;
  const size_t bucket = l.fields.find("bucket_expiry=");
  const std::optional<int64_t> b =
      bucket == std::string_view::npos ? std::nullopt : parse_trace_int(l.fields.substr(bucket + 14, l.fields.find(' ', bucket) - bucket - 14));
  if (!emitting_) return true;
  Event& e = add(EventType::MaydayTimerArm, l);
  e.pool = pool;
  const int64_t now = static_cast<int64_t>(out_.world.jif.at(std::max<Nanos>(e.time, 0)));
  e.a = now + *timeout;                       // expires, in jiffies of this run
  e.b = e.a + (b ? *b - *expires : 0);  // the bucket it fires from
  return true;
}

bool Importer::add_event(const TraceLine& l) {
  FieldReader f(l);
  emitting_ = l.ts >= origin_;
  task_for(l.pid, l.comm);
  bool ok = true;
  const std::string_view ev = l.event;
  if (ev == "sched_switch") ok = sched_switch(l, f);
  else if (ev == "sched_wakeup") ok = sched_wakeup(l, f);
  else if (ev == "task_newtask") ok = task_newtask(l, f);
  else if (ev == "workqueue_queue_work") ok = queue_work(l, f);
  else if (ev == "workqueue_activate_work") ok = work_event(l, f, EventType::ActivateWork);
  else if (ev == "workqueue_execute_start") ok = work_event(l, f, EventType::ExecuteStart);
  else if (ev == "workqueue_execute_end") ok = work_event(l, f, EventType::ExecuteEnd);
  else if (ev == "timer_start") ok = mayday_timer(l, f, true);
  else if (ev == "timer_expire_entry") ok = mayday_timer(l, f, false);
  else if (const size_t at = l.fields.find("cmwq-op"); at != std::string_view::npos) op_marker(l, at);
  else if (l.fields.find("cmwq-") == std::string_view::npos) ++out_.skipped;  // markers are read in pass 1
  if (!ok && f.error()) return fail(l.line, f.error()->second, f.error()->first);
  return ok;
}

// Rescuers to their workqueues (a rescuer's comm keeps the first characters of the name).
void Importer::finish() {
  World& w = out_.world;
  for (const auto& [worker, prefix] : rescues_) {
    for (Workqueue& q : w.wq.wqs) {
      if (q.name.compare(0, prefix.size(), prefix) != 0 || q.rescuer >= 0) continue;
      w.wq.workers[static_cast<size_t>(worker)].rescue_wq = q.id;
      q.rescuer = worker;
      q.flags |= WQ_MEM_RECLAIM;
      break;
    }
  }
  w.now = out_.end;
  w.events_emitted = out_.events.size();
}

TraceImport Importer::run() {
  TraceImport result;
  if (read_lines()) {
    // A marker's t0 is in nanoseconds, the timestamps in microseconds: to the microsecond.
    origin_ = marks_.t0 ? (*marks_.t0 + 500) / 1000 * 1000 : (lines_.empty() ? 0 : lines_.front().ts);
    out_.scenario = marks_.name;
    make_world();
    Nanos last = origin_;
    for (const TraceLine& l : lines_) {
      if (marks_.end && l.ts > *marks_.end) break;
      if (!add_event(l)) break;
      last = std::max(last, l.ts);
    }
    out_.end = (marks_.end ? *marks_.end : last) - origin_;
    finish();
  }
  if (error_) result.error = error_;
  else result.trace = std::move(out_);
  return result;
}

}  // namespace

TraceImport import_ftrace(std::string_view text, const std::string& file, const ImportOptions& options) {
  Importer im(text, file, options);
  return im.run();
}

}  // namespace cmwq
