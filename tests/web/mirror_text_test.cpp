// The screen-reader mirror's text (web/model/mirror_text.h): which pool's "why" it reads
// and how the three parts are put together, in the starvation sandbox at its mayday.
#include "web/model/mirror_text.h"

#include <gtest/gtest.h>

#include "core/world.h"
#include "web/model/scenario_library.h"
#include "web/model/session.h"
#include "web/model/worker_view.h"

namespace cmwq::web {
namespace {

// The sandbox after "starve memory", three blocking works on CPU 0 and its first mayday.
Session sandbox_at_mayday() {
  Session s;
  const EmbeddedScenario* sc = find_embedded_scenario("starvation-sandbox");
  EXPECT_NE(sc, nullptr);
  if (!sc) return s;
  EXPECT_TRUE(s.load(std::string(sc->text), std::string(sc->file)).ok);
  EXPECT_EQ(s.command("hog all"), "");
  EXPECT_EQ(s.command("queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16"), "");
  auto mayday = [&s] {
    for (const Event& e : s.sim().events())
      if (e.type == EventType::MaydaySent) return true;
    return false;
  };
  for (int i = 0; i < 100000 && !mayday(); ++i)
    if (!s.step()) break;
  EXPECT_TRUE(mayday());
  return s;
}

TEST(MirrorText, EmptyWhenNothingToSay) {
  const World w;
  EventIndex index;
  index.update({}, 0);
  EXPECT_EQ(mirror_pool(w, {}, index, -1), -1);
  EXPECT_EQ(mirror_text(w, {}, index, -1, "", ""), "");
  EXPECT_EQ(mirror_text(w, {}, index, -1, "waits for pages", ""), "Code: waits for pages");
  EXPECT_EQ(mirror_text(w, {}, index, -1, "", "the line"), "Last event: the line");
}

TEST(MirrorText, ReadsTheSelectedPoolElseTheFirstWithAWhy) {
  const Session s = sandbox_at_mayday();
  const World& w = s.sim().world();
  const auto& log = s.sim().events();
  EventIndex index;
  index.update(log, 0);
  // CPU 0's normal pool sent the mayday: it has a "why"; CPU 0's highpri pool did nothing.
  // The pools before them are the BH pools, which the Pools panel does not show.
  int32_t normal = -1, highpri = -1;
  for (int32_t p = 0; p < static_cast<int32_t>(w.wq.pools.size()); ++p) {
    const WorkerPool& pool = w.wq.pools[static_cast<size_t>(p)];
    if (!pool_shown(w, p) || pool.cpu != 0) continue;
    (pool.attrs.nice < 0 ? highpri : normal) = p;
  }
  ASSERT_GE(normal, 0);
  ASSERT_GE(highpri, 0);
  for (int32_t p = 0; p < normal; ++p) ASSERT_FALSE(pool_shown(w, p)) << p;
  const std::string why = pool_why(w, log, index, normal);
  ASSERT_FALSE(why.empty());
  ASSERT_TRUE(pool_why(w, log, index, highpri).empty());
  EXPECT_EQ(mirror_pool(w, log, index, -1), normal);
  EXPECT_EQ(mirror_pool(w, log, index, highpri), normal);  // selected, but nothing to say: the first that has
  EXPECT_EQ(mirror_pool(w, log, index, normal), normal);
  EXPECT_EQ(mirror_pool(w, log, index, 999), normal);  // out of range: ignored
  EXPECT_EQ(pool_title(w, normal).rfind("CPU 0 normal", 0), 0u);
  EXPECT_EQ(mirror_text(w, log, index, highpri, "note", "event"),
            "Code: note\nPools: " + pool_title(w, normal) + ", why: " + why + "\nLast event: event");
}

}  // namespace
}  // namespace cmwq::web
