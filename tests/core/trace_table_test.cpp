// The `table` export of the documentation's scenarios, compared line for line with the
// tables of Documentation/core-api/workqueue.rst ("Example Execution Scenarios"). The
// expected lines are typed from the document (shared/reference/kernel-core.md §5.1),
// with its tab-separated columns written as two spaces; they are not produced by the
// code. Only the first table of the output is compared: after a blank line, the output
// goes on with a second table of what the workqueue did meanwhile (worker creation...).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/simulation.h"
#include "core/trace/format.h"

namespace cmwq::test {
namespace {

std::string table_of(const std::string& name) {
  const std::string path = std::string(CMWQ_SOURCE_DIR) + "/scenarios/" + name;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const ScenarioParse p = parse_scenario(text.str(), name);
  if (!p.ok()) {
    ADD_FAILURE() << p.error->format();
    return "";
  }
  Simulation sim(build_world(*p.scenario), p.scenario->until);
  sim.run_until(p.scenario->until);
  return format_table(sim.world(), sim.events());
}

// The lines of the first table: up to the first blank line.
std::vector<std::string> main_table(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line) && !line.empty();) lines.push_back(line);
  return lines;
}

void expect_table(const std::string& scenario, const std::vector<std::string>& doc) {
  const std::vector<std::string> got = main_table(table_of(scenario));
  ASSERT_EQ(got.size(), doc.size()) << scenario << ":\n" << table_of(scenario);
  for (size_t i = 0; i < doc.size(); ++i) EXPECT_EQ(got[i], doc[i]) << scenario << " line " << i + 1;
}

// "And with cmwq with @max_active >= 3,"
TEST(DocTables, MaxActive3) {
  expect_table("doc-max-active-3.toml", {
                                            "TIME IN MSECS  EVENT",
                                            "0  w0 starts and burns CPU",
                                            "5  w0 sleeps",
                                            "5  w1 starts and burns CPU",
                                            "10  w1 sleeps",
                                            "10  w2 starts and burns CPU",
                                            "15  w2 sleeps",
                                            "15  w0 wakes up and burns CPU",
                                            "20  w0 finishes",
                                            "20  w1 wakes up and finishes",
                                            "25  w2 wakes up and finishes",
                                        });
}

// "If @max_active == 2,"
TEST(DocTables, MaxActive2) {
  expect_table("doc-max-active-2.toml", {
                                            "TIME IN MSECS  EVENT",
                                            "0  w0 starts and burns CPU",
                                            "5  w0 sleeps",
                                            "5  w1 starts and burns CPU",
                                            "10  w1 sleeps",
                                            "15  w0 wakes up and burns CPU",
                                            "20  w0 finishes",
                                            "20  w1 wakes up and finishes",
                                            "20  w2 starts and burns CPU",
                                            "25  w2 sleeps",
                                            "35  w2 wakes up and finishes",
                                        });
}

// The document's first table, "with the original wq": max_active 1 serialises the items
// the same way, and so does the legacy (pre-2.6.36) workqueue of doc-original-wq.toml.
const std::vector<std::string> kOriginalWq = {
    "TIME IN MSECS  EVENT",
    "0  w0 starts and burns CPU",
    "5  w0 sleeps",
    "15  w0 wakes up and burns CPU",
    "20  w0 finishes",
    "20  w1 starts and burns CPU",
    "25  w1 sleeps",
    "35  w1 wakes up and finishes",
    "35  w2 starts and burns CPU",
    "40  w2 sleeps",
    "50  w2 wakes up and finishes",
};

TEST(DocTables, MaxActive1IsTheOriginalWqTable) { expect_table("doc-max-active-1.toml", kOriginalWq); }

TEST(DocTables, LegacyWorkqueueIsTheOriginalWqTable) { expect_table("doc-original-wq.toml", kOriginalWq); }

// "Now, let's assume w1 and w2 are queued to a different wq q1 which has
// WQ_CPU_INTENSIVE set". The document prints "5  w1 and w2 start and burn CPU", then
// "10  w1 sleeps", "15  w2 sleeps": a simplification. What the model does, and the
// kernel would do under FIFO scheduling: w1's worker turns CPU_INTENSIVE at 5 ms and
// process_one_work()'s kick_pool() wakes another worker for w2, but that worker only
// gets the CPU when w1 sleeps at 10 ms, so w2 starts at 10 ms, not 5 ms. The rest of
// the document's table (sleeps at 10 and 15, wake-ups at 15, 20, 25) is unchanged.
TEST(DocTables, CpuIntensiveAsTheModelRunsIt) {
  expect_table("doc-cpu-intensive.toml", {
                                             "TIME IN MSECS  EVENT",
                                             "0  w0 starts and burns CPU",
                                             "5  w0 sleeps",
                                             "5  w1 starts and burns CPU",
                                             "10  w1 sleeps",
                                             "10  w2 starts and burns CPU",
                                             "15  w2 sleeps",
                                             "15  w0 wakes up and burns CPU",
                                             "20  w0 finishes",
                                             "20  w1 wakes up and finishes",
                                             "25  w2 wakes up and finishes",
                                         });
}

// The second table says how the pool got the workers it needed: its manager created one
// whenever the last idle worker left the idle list (at 0, 5 and 10 ms).
TEST(DocTables, KernelTableNamesCreatedWorkers) {
  const std::string t = table_of("doc-max-active-3.toml");
  EXPECT_NE(t.find("\n\nTIME IN MSECS  KERNEL\n"
                   "0  kworker/0:1 created for pool 2 (cpus=0 nice=0) by its manager kworker/0:0\n"
                   "5  kworker/0:2 created for pool 2 (cpus=0 nice=0) by its manager kworker/0:1\n"
                   "10  kworker/0:3 created for pool 2 (cpus=0 nice=0) by its manager kworker/0:2\n"),
            std::string::npos)
      << t;
}

}  // namespace
}  // namespace cmwq::test
